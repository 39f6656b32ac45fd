/**
 * Export an incident as a STIX 2.1 bundle for the national CERT and peer SOCs:
 *   identity (the reporting organisation) → incident (the STIX 2.1 stub SDO) ← indicates ←
 *   indicator (one per observable, with a STIX pattern), every object marked with a TLP
 *   marking definition that is itself in the bundle, so every *_ref resolves inside it.
 *
 * The incident object reuses the incident's own UUID when it is a v4 UUID, so exporting the
 * same incident twice gives the same incident id and consumers merge rather than duplicate.
 * Fields STIX has no property for (type, detection and report times, reporter) travel as
 * x_vigil_* custom properties, which STIX 2.1 consumers must ignore if they do not know them.
 */
import { randomUUID } from 'node:crypto';
import { normalizeObservable } from '../observables/normalize-observable.ts';
import type { ObservableType } from '../observables/observable-types.ts';
import { stixTimestamp, stricterTlp, type IncidentForExport, type Tlp } from './incident-for-export.ts';
import { stixPattern } from './stix-pattern.ts';
import { TLP_MARKINGS } from './tlp-markings.ts';

export interface StixExportOptions {
  now: Date;
  /** The reporting organisation, e.g. "Sở Thông tin và Truyền thông tỉnh Đồng Nai". */
  identityName: string;
  /** Stable UUID of that organisation, so its identity object is the same in every export. */
  identityId?: string;
  /** UUID v4 source; tests pass a deterministic one. */
  newId?: () => string;
}

type StixObject = Record<string, unknown> & { type: string; id: string };

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const STIX_LABELS: Record<ObservableType, string> = {
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  domain: 'Domain name',
  url: 'URL',
  email: 'E-mail address',
  md5: 'File MD5',
  sha1: 'File SHA-1',
  sha256: 'File SHA-256',
};

export function toStixBundle(incident: IncidentForExport, opts: StixExportOptions): StixBundle {
  const next = opts.newId ?? randomUUID;
  const newId = (type: string) => {
    const u = next().toLowerCase();
    if (!UUID_V4.test(u)) throw new Error(`newId must return a UUID v4, got "${u}"`);
    return `${type}--${u}`;
  };
  const now = stixTimestamp(opts.now);
  const markingsUsed = new Set<Tlp>();
  const mark = (tlp: Tlp) => {
    markingsUsed.add(tlp);
    return [TLP_MARKINGS[tlp].id];
  };

  const identityId =
    opts.identityId && UUID_V4.test(opts.identityId) ? `identity--${opts.identityId.toLowerCase()}` : newId('identity');
  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: identityId,
    created: now,
    modified: now,
    name: opts.identityName,
    identity_class: 'organization',
  };

  // created may not be after modified; a report time in the future (clock skew) is clamped.
  const created = incident.reportedAt.getTime() <= opts.now.getTime() ? stixTimestamp(incident.reportedAt) : now;
  const incidentId = UUID_V4.test(incident.id) ? `incident--${incident.id.toLowerCase()}` : newId('incident');
  const incidentObj: StixObject = {
    type: 'incident',
    spec_version: '2.1',
    id: incidentId,
    created,
    modified: now,
    created_by_ref: identityId,
    name: incident.title,
    ...(incident.description ? { description: incident.description } : {}),
    labels: [incident.type],
    external_references: [
      { source_name: opts.identityName, external_id: incident.number, description: 'Incident report number' },
    ],
    object_marking_refs: mark(incident.tlp),
    x_vigil_incident_type: incident.type,
    x_vigil_detected_at: stixTimestamp(incident.detectedAt),
    x_vigil_reported_at: stixTimestamp(incident.reportedAt),
    ...(incident.reporterName ? { x_vigil_reporter_name: incident.reporterName } : {}),
  };

  const indicators: StixObject[] = [];
  const relationships: StixObject[] = [];
  const seen = new Set<string>();
  const validFrom = stixTimestamp(incident.detectedAt);
  for (const o of incident.observables) {
    // Stored values are canonical already; normalising again keeps a bad row from producing
    // a pattern that does not parse. Such a row is left out rather than exported wrong.
    const n = normalizeObservable(o.type, o.value);
    if (!n.ok || seen.has(`${o.type} ${n.value}`)) continue;
    seen.add(`${o.type} ${n.value}`);
    const tlp = o.tlp ? stricterTlp(o.tlp, incident.tlp) : incident.tlp;
    const indicator: StixObject = {
      type: 'indicator',
      spec_version: '2.1',
      id: newId('indicator'),
      created: now,
      modified: now,
      created_by_ref: identityId,
      name: `${STIX_LABELS[o.type]}: ${n.value.length > 200 ? `${n.value.slice(0, 200)}…` : n.value}`,
      ...(o.comment ? { description: o.comment } : {}),
      indicator_types: ['malicious-activity'],
      pattern: stixPattern(o.type, n.value),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: validFrom,
      object_marking_refs: mark(tlp),
    };
    indicators.push(indicator);
    relationships.push({
      type: 'relationship',
      spec_version: '2.1',
      id: newId('relationship'),
      created: now,
      modified: now,
      created_by_ref: identityId,
      relationship_type: 'indicates',
      source_ref: indicator.id,
      target_ref: incidentId,
      object_marking_refs: mark(tlp),
    });
  }

  const markings = (['clear', 'green', 'amber', 'red'] as const)
    .filter((t) => markingsUsed.has(t))
    .map((t) => ({ ...TLP_MARKINGS[t] }) as unknown as StixObject);
  return { type: 'bundle', id: newId('bundle'), objects: [identity, ...markings, incidentObj, ...indicators, ...relationships] };
}
