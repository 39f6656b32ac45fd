import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';

/** The facts about a server certificate that the UI, the event history and the baseline need. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  daysLeft: number;
  /** SHA-256 of the DER certificate, colon-separated upper-case hex (as browsers show it). */
  fingerprint256: string;
  serialNumber: string;
  subjectAltNames: string[];
  selfSigned: boolean;
}

const DAY_MS = 86_400_000;

/** "CN=example.gov.vn, O=…, C=VN" from Node's object form (values may repeat, hence arrays). */
export function formatDn(dn: Record<string, string | string[] | undefined> | undefined): string {
  if (!dn) return '';
  const order = ['CN', 'OU', 'O', 'L', 'ST', 'C'];
  const keys = [...order.filter((k) => k in dn), ...Object.keys(dn).filter((k) => !order.includes(k))];
  return keys
    .flatMap((k) => {
      const v = dn[k];
      return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`);
    })
    .join(', ');
}

/** "DNS:a.example, IP Address:127.0.0.1" → ["DNS:a.example", "IP:127.0.0.1"]. */
export function parseSubjectAltNames(san: string | undefined): string[] {
  if (!san) return [];
  return san
    .split(/,\s*/)
    .map((s) => s.trim().replace(/^IP Address:/, 'IP:'))
    .filter(Boolean);
}

export function daysUntil(validTo: string, now: Date): number {
  const end = Date.parse(validTo);
  return Number.isFinite(end) ? Math.floor((end - now.getTime()) / DAY_MS) : NaN;
}

export function summarizeCertificate(cert: PeerCertificate, now: Date): CertificateSummary {
  const subject = formatDn(cert.subject as unknown as Record<string, string | string[]>);
  const issuer = formatDn(cert.issuer as unknown as Record<string, string | string[]>);
  return {
    subject,
    issuer,
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    daysLeft: daysUntil(cert.valid_to, now),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    subjectAltNames: parseSubjectAltNames(cert.subjectaltname),
    selfSigned: subject === issuer,
  };
}

/** The chain as the server sent it (leaf first), stopping at a self-issued certificate or a loop. */
export function chainOf(leaf: DetailedPeerCertificate, max = 10): Array<{ subject: string; issuer: string; validTo: string }> {
  const out: Array<{ subject: string; issuer: string; validTo: string }> = [];
  const seen = new Set<string>();
  let c: DetailedPeerCertificate | undefined = leaf;
  while (c && c.fingerprint256 && !seen.has(c.fingerprint256) && out.length < max) {
    seen.add(c.fingerprint256);
    out.push({
      subject: formatDn(c.subject as unknown as Record<string, string | string[]>),
      issuer: formatDn(c.issuer as unknown as Record<string, string | string[]>),
      validTo: new Date(c.valid_to).toISOString(),
    });
    c = c.issuerCertificate;
  }
  return out;
}
