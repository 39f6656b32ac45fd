import type { IncidentType } from '../incident-types.ts';
import type { Mau03Data, Mau04Data } from './form-data.ts';

/**
 * Fills the official forms from a stored incident: the Mẫu 03 from what the reporter submitted
 * (`form03`, kept as sent), the Mẫu 04 from the closing report and the Mẫu 03 it cites.
 */
export interface StoredIncident {
  number: string;
  title: string;
  type: string | null;
  description: string;
  detected_at: Date;
  detection_method: string;
  detection_detail: string | null;
  handled: boolean;
  already_notified: string[];
  confidential: boolean;
  received_at: Date;
  agency_name: string;
  form03: Record<string, unknown>;
  form04: Record<string, unknown> | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const list = (v: unknown): string[] | null => (str(v) ? String(v).split(/[\s,;]+/).filter(Boolean) : null);

export function toMau03(i: StoredIncident, systems: { name: string; security_level: number }[]): Mau03Data {
  const f = i.form03;
  return {
    reportNumber: i.number,
    reportTime: i.received_at,
    reporter: { name: str(f.agencyName) ?? i.agency_name, address: str(f.reporterAddress), phone: str(f.reporterPhone), email: str(f.reporterEmail) },
    contact: { name: str(f.contactName) ?? '', title: str(f.contactTitle), phone: str(f.contactPhone), email: str(f.contactEmail) },
    operator: { name: str(f.operator) ?? '' },
    owner: str(f.owner) ? { name: String(f.owner) } : null,
    systemName: systems.map((s) => s.name).join('; ') || str(f.systemName),
    securityLevel: systems.length ? Math.max(...systems.map((s) => s.security_level)) : null,
    incidentType: (i.type as IncidentType | null) ?? null,
    description: i.description,
    detectedAt: i.detected_at,
    handled: i.handled,
    detectionMethods: [i.detection_method as Mau03Data['detectionMethods'][number]],
    detectionNotifiedBy: i.detection_method === 'notified' ? i.detection_detail : null,
    detectionOther: i.detection_method === 'other' ? i.detection_detail : null,
    alreadyNotified: { member: i.already_notified.includes('member'), isp: i.already_notified.includes('isp'), vncert: i.already_notified.includes('vncert'), others: str(f.alreadyNotifiedOther) ? [String(f.alreadyNotifiedOther)] : null },
    os: str(f.os),
    services: list(f.services),
    existingMeasures: str(f.measures),
    publicIps: list(f.publicIps),
    domains: list(f.domains),
    confidential: i.confidential,
    supportRequested: str(f.supportRequested),
  };
}

export function toMau04(i: StoredIncident, systems: { name: string }[]): Mau04Data | null {
  const f = i.form04;
  if (!f) return null;
  const initial = f.initialReport as { number: string; date: string };
  return {
    reportNumber: null,
    reportDate: str(f.submittedAt) ?? new Date(),
    reporter: { name: str(f.reporterName) ?? i.agency_name },
    initialReport: { number: initial.number, date: initial.date },
    systemName: systems.map((s) => s.name).join('; ') || str(i.form03.systemName),
    title: str(f.title) ?? i.title,
    incidentType: (i.type as IncidentType | null) ?? null,
    detectedAt: i.detected_at,
    respondedAt: str(f.responseEndedAt),
    result: str(f.result) ?? '',
    lessons: str(f.lessons),
  };
}
