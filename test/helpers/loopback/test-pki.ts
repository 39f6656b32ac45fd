import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/**
 * A throw-away certificate authority made at test time: keys come from Node's native RSA
 * generator (fast), certificates are assembled and signed with node-forge. Nothing is written to
 * disk and nothing is trusted outside the test that asks for it (via the probes' caBundle).
 */

export interface KeyAndCert {
  keyPem: string;
  certPem: string;
}

export interface LeafOptions {
  /** DNS names in subjectAltName; the first is also the CN. */
  dnsNames?: string[];
  ips?: string[];
  /** Days from now; negative for the past. */
  notBeforeDays?: number;
  notAfterDays?: number;
}

export interface TestCa extends KeyAndCert {
  name: string;
  issue(opts: LeafOptions): KeyAndCert;
}

const DAY = 86_400_000;
let serial = 1;

function rsaKey(): forge.pki.rsa.KeyPair {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const priv = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: priv, publicKey: forge.pki.setRsaPublicKey(priv.n, priv.e) };
}

// One leaf key for every leaf: key generation is the slow part, and tests only need distinct certificates.
let sharedLeafKey: forge.pki.rsa.KeyPair | null = null;

function makeCert(opts: {
  subjectCn: string;
  subjectO: string;
  keys: forge.pki.rsa.KeyPair;
  issuer: { cn: string; o: string; key: forge.pki.rsa.PrivateKey };
  ca: boolean;
  dnsNames?: string[];
  ips?: string[];
  notBeforeDays: number;
  notAfterDays: number;
}): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = opts.keys.publicKey;
  cert.serialNumber = (0x1000 + serial++).toString(16);
  cert.validity.notBefore = new Date(Date.now() + opts.notBeforeDays * DAY);
  cert.validity.notAfter = new Date(Date.now() + opts.notAfterDays * DAY);
  cert.setSubject([{ name: 'commonName', value: opts.subjectCn }, { name: 'organizationName', value: opts.subjectO }]);
  cert.setIssuer([{ name: 'commonName', value: opts.issuer.cn }, { name: 'organizationName', value: opts.issuer.o }]);
  const ext: object[] = [{ name: 'basicConstraints', cA: opts.ca, critical: opts.ca }];
  if (opts.ca) ext.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  else {
    ext.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true });
    ext.push({ name: 'extKeyUsage', serverAuth: true });
    const alt = [...(opts.dnsNames ?? []).map((value) => ({ type: 2, value })), ...(opts.ips ?? []).map((ip) => ({ type: 7, ip }))];
    if (alt.length) ext.push({ name: 'subjectAltName', altNames: alt });
  }
  ext.push({ name: 'subjectKeyIdentifier' });
  cert.setExtensions(ext);
  cert.sign(opts.issuer.key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export function createTestCa(name = 'Vigil Test CA'): TestCa {
  const keys = rsaKey();
  const certPem = makeCert({ subjectCn: name, subjectO: 'Vigil Tests', keys, issuer: { cn: name, o: 'Vigil Tests', key: keys.privateKey }, ca: true, notBeforeDays: -1, notAfterDays: 3650 });
  return {
    name,
    certPem,
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
    issue(opts) {
      sharedLeafKey ??= rsaKey();
      const dns = opts.dnsNames ?? [];
      const pem = makeCert({
        subjectCn: dns[0] ?? opts.ips?.[0] ?? 'leaf',
        subjectO: 'Vigil Tests',
        keys: sharedLeafKey,
        issuer: { cn: name, o: 'Vigil Tests', key: keys.privateKey },
        ca: false,
        dnsNames: dns,
        ips: opts.ips ?? [],
        notBeforeDays: opts.notBeforeDays ?? -1,
        notAfterDays: opts.notAfterDays ?? 90,
      });
      return { certPem: pem, keyPem: forge.pki.privateKeyToPem(sharedLeafKey.privateKey) };
    },
  };
}

/** A certificate that signs itself (no CA). */
export function selfSigned(opts: LeafOptions): KeyAndCert {
  sharedLeafKey ??= rsaKey();
  const cn = opts.dnsNames?.[0] ?? opts.ips?.[0] ?? 'self';
  const certPem = makeCert({
    subjectCn: cn,
    subjectO: 'Self Signed',
    keys: sharedLeafKey,
    issuer: { cn, o: 'Self Signed', key: sharedLeafKey.privateKey },
    ca: false,
    dnsNames: opts.dnsNames ?? [],
    ips: opts.ips ?? [],
    notBeforeDays: opts.notBeforeDays ?? -1,
    notAfterDays: opts.notAfterDays ?? 90,
  });
  return { certPem, keyPem: forge.pki.privateKeyToPem(sharedLeafKey.privateKey) };
}
