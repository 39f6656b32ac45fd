/**
 * Export an incident as a MISP event (the JSON MISP's "Add event → import" and its API take),
 * and re-export the importer so callers find both directions here.
 *
 * Mapping choices: IP addresses become "ip-dst" (what an incident sees is the far end the
 * victim talked to), e-mail addresses "email-src" (the sender of a phishing mail); the report
 * number and the description travel as non-IDS "text"/"comment" attributes, since a MISP event
 * has no fields for them. The reporter's name is not exported: MISP events are shared further
 * than the incident, and MISP has no field that would keep it under the incident's TLP.
 */
import { randomUUID } from 'node:crypto';
import { normalizeObservable } from '../observables/normalize-observable.ts';
import type { ObservableType } from '../observables/observable-types.ts';
import { stricterTlp, type IncidentForExport, type Tlp } from './incident-for-export.ts';
import { mispTlpTag } from './tlp-markings.ts';

export { fromMispEvent, MISP_IMPORT_LIMITS, type MispImportResult, type MispImportObservable } from './misp-import.ts';

export type MispAttributeType = 'ip-dst' | 'domain' | 'url' | 'email-src' | 'md5' | 'sha1' | 'sha256';

export const MISP_ATTRIBUTE_FOR: Readonly<Record<ObservableType, { type: MispAttributeType; category: string }>> = {
  ipv4: { type: 'ip-dst', category: 'Network activity' },
  ipv6: { type: 'ip-dst', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  url: { type: 'url', category: 'Network activity' },
  email: { type: 'email-src', category: 'Payload delivery' },
  md5: { type: 'md5', category: 'Payload delivery' },
  sha1: { type: 'sha1', category: 'Payload delivery' },
  sha256: { type: 'sha256', category: 'Payload delivery' },
};

export interface MispExportOptions {
  now: Date;
  /** The reporting organisation, shown as the event's creator organisation (Orgc). */
  identityName?: string;
  newId?: () => string;
  /** MISP threat level: 1 high, 2 medium, 3 low, 4 undefined (default). */
  threatLevelId?: 1 | 2 | 3 | 4;
  /** MISP analysis state: 0 initial, 1 ongoing (default), 2 completed. */
  analysis?: 0 | 1 | 2;
  /** MISP distribution; default from the TLP (clear → all communities, green → this community, amber/red → this organisation). */
  distribution?: 0 | 1 | 2 | 3;
  /** Offset of the local time zone for the event's date; Vietnam (UTC+7, no DST) by default. */
  utcOffsetMinutes?: number;
}

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  comment: string;
  distribution: string;
  timestamp: string;
  disable_correlation: boolean;
  Tag?: { name: string }[];
}

export interface MispEvent {
  Event: {
    uuid: string;
    info: string;
    date: string;
    threat_level_id: string;
    analysis: string;
    distribution: string;
    published: boolean;
    timestamp: string;
    Orgc?: { name: string };
    Tag: { name: string }[];
    Attribute: MispAttribute[];
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DISTRIBUTION_FOR_TLP: Record<Tlp, number> = { clear: 3, green: 1, amber: 0, red: 0 };

function localDate(d: Date, offsetMinutes: number): string {
  return new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function toMispEvent(incident: IncidentForExport, opts: MispExportOptions): MispEvent {
  const newId = opts.newId ?? randomUUID;
  const timestamp = String(Math.floor(opts.now.getTime() / 1000));
  const attribute = (type: string, category: string, value: string, toIds: boolean, comment: string, tlp?: Tlp): MispAttribute => ({
    uuid: newId(),
    type,
    category,
    value,
    to_ids: toIds,
    comment,
    distribution: '5', // inherit the event's
    timestamp,
    disable_correlation: !toIds,
    ...(tlp ? { Tag: [{ name: mispTlpTag(tlp) }] } : {}),
  });

  const attributes: MispAttribute[] = [
    attribute('text', 'Internal reference', incident.number, false, 'Incident report number'),
  ];
  if (incident.description) attributes.push(attribute('comment', 'Other', incident.description, false, 'Incident description'));
  const seen = new Set<string>();
  for (const o of incident.observables) {
    const n = normalizeObservable(o.type, o.value);
    if (!n.ok || seen.has(`${o.type} ${n.value}`)) continue;
    seen.add(`${o.type} ${n.value}`);
    const m = MISP_ATTRIBUTE_FOR[o.type];
    // Only a stricter marking than the event's needs its own tag.
    const tlp = o.tlp && stricterTlp(o.tlp, incident.tlp) !== incident.tlp ? o.tlp : undefined;
    attributes.push(attribute(m.type, m.category, n.value, true, o.comment ?? '', tlp));
  }

  return {
    Event: {
      uuid: UUID.test(incident.id) ? incident.id.toLowerCase() : newId(),
      info: incident.title,
      date: localDate(incident.detectedAt, opts.utcOffsetMinutes ?? 420),
      threat_level_id: String(opts.threatLevelId ?? 4),
      analysis: String(opts.analysis ?? 1),
      distribution: String(opts.distribution ?? DISTRIBUTION_FOR_TLP[incident.tlp]),
      published: false,
      timestamp,
      ...(opts.identityName ? { Orgc: { name: opts.identityName } } : {}),
      Tag: [{ name: mispTlpTag(incident.tlp) }],
      Attribute: attributes,
    },
  };
}
