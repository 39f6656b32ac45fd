/**
 * Import a MISP event (MISP's own export, PyMISP's files, a partner's feed) into observables.
 *
 * The JSON is untrusted. The reader only follows own properties (a "__proto__" key or an
 * inherited getter is never consulted), checks every type before use, stops after a fixed
 * number of attributes, and catches whatever a hostile object (a Proxy, a throwing getter)
 * might throw, so the caller always gets a result, never an exception.
 *
 * Unknown or unusable attributes are reported in `skipped` (with their position) rather than
 * failing the import: real events carry text, links, file names and objects Vigil does not
 * model. Only an input that is not a MISP event at all is an error.
 */
import type { FieldIssue } from '../../domain/errors.ts';
import { normalizeObservable } from '../observables/normalize-observable.ts';
import { parseIpv4 } from '../observables/ip-address.ts';
import type { ObservableType } from '../observables/observable-types.ts';
import { stricterTlp, type Tlp } from './incident-for-export.ts';
import { tlpFromMispTag } from './tlp-markings.ts';

export const MISP_IMPORT_LIMITS = {
  maxAttributes: 10_000,
  maxValueLength: 4096,
  maxCommentLength: 1000,
  maxTitleLength: 1000,
  maxTags: 1000,
} as const;

export interface MispImportObservable {
  type: ObservableType;
  value: string;
  comment?: string;
  tlp?: Tlp;
}

export interface MispSkipped {
  /** Position among all attributes read: the event's own first, then each object's in order. */
  index: number;
  /** Where it is: "Attribute[3]" or "Object[2].Attribute[0]". */
  path: string;
  reason: string;
}

export type MispImportResult =
  | { ok: true; title: string; date: string | null; tlp: Tlp | null; observables: MispImportObservable[]; skipped: MispSkipped[] }
  | { ok: false; errors: FieldIssue[] };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: unknown, k: string): unknown => (isObj(o) && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Which observable type(s) a MISP attribute type carries, and which "|"-part holds each. */
const TYPE_MAP: Record<string, { type: ObservableType | 'ip'; part?: 0 | 1 }[]> = {
  'ip-dst': [{ type: 'ip' }],
  'ip-src': [{ type: 'ip' }],
  'ip-dst|port': [{ type: 'ip', part: 0 }],
  'ip-src|port': [{ type: 'ip', part: 0 }],
  domain: [{ type: 'domain' }],
  hostname: [{ type: 'domain' }],
  'domain|ip': [{ type: 'domain', part: 0 }, { type: 'ip', part: 1 }],
  'hostname|port': [{ type: 'domain', part: 0 }],
  url: [{ type: 'url' }],
  email: [{ type: 'email' }],
  'email-src': [{ type: 'email' }],
  'email-dst': [{ type: 'email' }],
  'email-reply-to': [{ type: 'email' }],
  md5: [{ type: 'md5' }],
  sha1: [{ type: 'sha1' }],
  sha256: [{ type: 'sha256' }],
  'filename|md5': [{ type: 'md5', part: 1 }],
  'filename|sha1': [{ type: 'sha1', part: 1 }],
  'filename|sha256': [{ type: 'sha256', part: 1 }],
};

const WHY_NOT: Record<string, string> = {
  link: 'a link to a reference, not an indicator',
  text: 'free text, not an indicator',
  comment: 'a comment, not an indicator',
  filename: 'a file name alone is not an indicator Vigil stores',
};

/** The strictest TLP among a MISP Tag array; null when it has none. */
function tlpOfTags(tags: unknown): Tlp | null {
  if (!Array.isArray(tags)) return null;
  let tlp: Tlp | null = null;
  const n = Math.min(tags.length, MISP_IMPORT_LIMITS.maxTags);
  for (let i = 0; i < n; i++) {
    const name = str(own(tags[i], 'name'));
    const t = name && name.length < 64 ? tlpFromMispTag(name) : null;
    if (t) tlp = tlp ? stricterTlp(tlp, t) : t;
  }
  return tlp;
}

function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function findEvent(json: unknown): Obj | null {
  const wrapped = own(json, 'Event');
  if (isObj(wrapped)) return wrapped;
  // PyMISP / MISP "view" exports without the wrapper, and the REST search response shape.
  if (isObj(json) && own(json, 'info') !== undefined) return json;
  const response = own(json, 'response');
  if (Array.isArray(response) && response.length > 0 && isObj(own(response[0], 'Event'))) return own(response[0], 'Event') as Obj;
  return null;
}

export function fromMispEvent(json: unknown): MispImportResult {
  try {
    return importEvent(json);
  } catch {
    // A hostile object (Proxy, throwing getter) is reported like any other unreadable input.
    return { ok: false, errors: [{ field: 'Event', message: 'The MISP event could not be read' }] };
  }
}

function importEvent(json: unknown): MispImportResult {
  const ev = findEvent(json);
  if (!ev) return { ok: false, errors: [{ field: 'Event', message: 'Not a MISP event: expected an object with an "Event" object' }] };
  const errors: FieldIssue[] = [];
  const info = str(own(ev, 'info'))?.trim();
  if (!info) errors.push({ field: 'Event.info', message: 'The event has no title (info)' });
  const rawDate = own(ev, 'date');
  let date: string | null = null;
  if (rawDate !== undefined && rawDate !== null) {
    if (typeof rawDate === 'string' && validDate(rawDate)) date = rawDate;
    else errors.push({ field: 'Event.date', message: 'The event date must be a date like 2026-03-01' });
  }
  if (errors.length > 0 || !info) return { ok: false, errors };

  const observables: MispImportObservable[] = [];
  const skipped: MispSkipped[] = [];
  const seen = new Set<string>();
  let index = 0;
  let full = false;

  const take = (a: unknown, path: string) => {
    const i = index++;
    const skip = (reason: string) => skipped.push({ index: i, path, reason });
    if (!isObj(a)) return skip('not an object');
    const type = str(own(a, 'type'));
    const value = str(own(a, 'value'));
    if (type === undefined) return skip('no attribute type');
    if (value === undefined) return skip('the value is not a string');
    if (own(a, 'deleted') === true) return skip('deleted in MISP');
    if (value.length > MISP_IMPORT_LIMITS.maxValueLength) return skip('the value is too long');
    const targets = Object.prototype.hasOwnProperty.call(TYPE_MAP, type) ? TYPE_MAP[type] : undefined;
    if (!targets) return skip(WHY_NOT[type] ?? `unsupported attribute type "${type.slice(0, 64)}"`);
    const rawComment = str(own(a, 'comment'))?.trim();
    const comment = rawComment ? rawComment.slice(0, MISP_IMPORT_LIMITS.maxCommentLength) : undefined;
    const tlp = tlpOfTags(own(a, 'Tag'));
    const parts = value.split('|');
    for (const t of targets) {
      const raw = t.part === undefined ? value : parts[t.part];
      if (raw === undefined || (t.part !== undefined && parts.length !== 2)) return skip(`"${type}" value must be two parts separated by "|"`);
      const obsType: ObservableType = t.type === 'ip' ? (parseIpv4(raw.trim()) ? 'ipv4' : 'ipv6') : t.type;
      const n = normalizeObservable(obsType, raw);
      if (!n.ok) {
        skip(t.type === 'ip' ? 'not an IP address' : n.message);
        continue;
      }
      const key = `${obsType} ${n.value}`;
      if (seen.has(key)) {
        skip('duplicate of an earlier attribute');
        continue;
      }
      seen.add(key);
      observables.push({ type: obsType, value: n.value, ...(comment ? { comment } : {}), ...(tlp ? { tlp } : {}) });
    }
  };

  const readList = (list: unknown, prefix: string) => {
    if (!Array.isArray(list)) return;
    for (let j = 0; j < list.length && !full; j++) {
      if (index >= MISP_IMPORT_LIMITS.maxAttributes) {
        full = true;
        skipped.push({
          index,
          path: `${prefix}[${j}]`,
          reason: `more than ${MISP_IMPORT_LIMITS.maxAttributes} attributes; the rest were not read`,
        });
        return;
      }
      take(list[j], `${prefix}[${j}]`);
    }
  };

  readList(own(ev, 'Attribute'), 'Attribute');
  const objects = own(ev, 'Object');
  if (Array.isArray(objects)) {
    for (let k = 0; k < objects.length && !full && k < MISP_IMPORT_LIMITS.maxAttributes; k++) {
      readList(own(objects[k], 'Attribute'), `Object[${k}].Attribute`);
    }
  }

  return {
    ok: true,
    title: info.slice(0, MISP_IMPORT_LIMITS.maxTitleLength),
    date,
    tlp: tlpOfTags(own(ev, 'Tag')),
    observables,
    skipped,
  };
}
