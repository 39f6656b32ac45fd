import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { IncidentForExport } from '../../server/src/incidents/intel/incident-for-export.ts';
import { toStixBundle } from '../../server/src/incidents/intel/stix-bundle.ts';
import { stixPattern, stixString } from '../../server/src/incidents/intel/stix-pattern.ts';
import { TLP_MARKINGS } from '../../server/src/incidents/intel/tlp-markings.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/intel/${name}`, import.meta.url), 'utf8'));

// ---- A structural STIX 2.1 validator (the essentials of the cti-stix2-json-schemas) --------
// identifier.json and timestamp.json patterns, core.json's required properties and custom
// property names, the required properties of each object type used here (STIX 2.1 spec,
// sections 4–7), and reference integrity inside the bundle.
const IDENTIFIER = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const UUID_V4_ID = /--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$/;
const PROPERTY_NAME = /^[a-z0-9_]{3,250}$/;
const REQUIRED: Record<string, string[]> = {
  identity: ['name'],
  incident: ['name'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  'marking-definition': ['definition_type', 'definition'],
};
const TIMESTAMP_PROPS = ['created', 'modified', 'valid_from', 'valid_until'];

function validateBundle(bundle: any, opts: { ownOutput: boolean }): string[] {
  const errors: string[] = [];
  const err = (where: string, msg: string) => errors.push(`${where}: ${msg}`);
  if (bundle?.type !== 'bundle') err('bundle', 'type must be "bundle"');
  if (typeof bundle?.id !== 'string' || !IDENTIFIER.test(bundle.id) || !bundle.id.startsWith('bundle--')) err('bundle', 'bad id');
  if ('spec_version' in bundle) err('bundle', 'STIX 2.1 bundles have no spec_version');
  if (!Array.isArray(bundle?.objects) || bundle.objects.length === 0) return [...errors, 'bundle: objects must be a non-empty array'];
  const ids = new Set<string>();
  for (const o of bundle.objects) {
    const where = `${o?.type}:${o?.id}`;
    if (typeof o?.type !== 'string' || typeof o.id !== 'string') {
      err(where, 'type and id are required');
      continue;
    }
    if (!IDENTIFIER.test(o.id) || !o.id.startsWith(`${o.type}--`)) err(where, 'id must be "<type>--<uuid>"');
    if (opts.ownOutput && !UUID_V4_ID.test(o.id)) err(where, 'id must use a lowercase UUID v4');
    if (ids.has(o.id)) err(where, 'duplicate id');
    ids.add(o.id);
    if (o.spec_version !== '2.1') err(where, 'spec_version must be "2.1"');
    const required = ['type', 'spec_version', 'id', 'created', ...(o.type === 'marking-definition' ? [] : ['modified']), ...(REQUIRED[o.type] ?? [])];
    for (const p of required) if (o[p] === undefined) err(where, `missing ${p}`);
    for (const p of TIMESTAMP_PROPS) {
      if (o[p] === undefined) continue;
      if (typeof o[p] !== 'string' || !TIMESTAMP.test(o[p])) err(where, `${p} is not an RFC 3339 UTC timestamp`);
      else if (opts.ownOutput && !/\.\d{3}Z$/.test(o[p])) err(where, `${p} must have milliseconds`);
    }
    if (o.modified && o.created && Date.parse(o.modified) < Date.parse(o.created)) err(where, 'modified before created');
    // Defined properties are lowercase snake case; custom ones must match core.json's pattern.
    for (const k of Object.keys(o)) if (!/^[a-z0-9_]+$/.test(k) || (k.startsWith('x_') && !PROPERTY_NAME.test(k))) err(where, `property name "${k}"`);
    for (const k of ['labels', 'external_references', 'object_marking_refs', 'indicator_types']) {
      if (o[k] !== undefined && (!Array.isArray(o[k]) || o[k].length === 0)) err(where, `${k} must be a non-empty list`);
    }
    for (const ref of o.external_references ?? []) if (typeof ref?.source_name !== 'string') err(where, 'external reference without source_name');
    if (o.type === 'indicator' && o.pattern_type === 'stix' && !/^\[[a-z0-9-]+:[^\]]+ = '(?:[^'\\]|\\.)*'\]$/.test(o.pattern)) err(where, `pattern ${o.pattern}`);
    if (o.type === 'relationship' && o.source_ref && o.target_ref && o.relationship_type === 'indicates') {
      if (!o.source_ref.startsWith('indicator--')) err(where, 'indicates must come from an indicator');
    }
    if (o.type === 'identity' && o.identity_class !== undefined && typeof o.identity_class !== 'string') err(where, 'identity_class');
  }
  for (const o of bundle.objects) {
    for (const [k, v] of Object.entries(o)) {
      const refs = k.endsWith('_ref') ? [v] : k.endsWith('_refs') ? (v as unknown[]) : [];
      for (const r of refs) if (typeof r !== 'string' || !ids.has(r)) err(`${o.type}:${o.id}`, `${k} → ${String(r)} is not in the bundle`);
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------

const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function incident(over: Partial<IncidentForExport> = {}): IncidentForExport {
  return {
    id: '8a3f0c2e-5b1d-4c7a-9e2f-1d2c3b4a5f60',
    number: '03/2026/SYT',
    title: 'Tấn công thay đổi giao diện cổng thông tin Sở Y tế',
    description: "Trang chủ bị thay bằng nội dung 'Hacked by X'; phát hiện lúc 08:15.",
    type: 'defacement',
    detectedAt: new Date('2026-03-01T01:15:00.000Z'),
    reportedAt: new Date('2026-03-01T03:00:00.000Z'),
    tlp: 'amber',
    reporterName: 'Nguyễn Văn An',
    observables: [
      { type: 'ipv4', value: '203.0.113.7', comment: 'Nguồn truy cập trang quản trị' },
      { type: 'ipv6', value: '2001:db8::7' },
      { type: 'domain', value: 'c2.bad-domain.xyz', tlp: 'red' },
      { type: 'url', value: "https://evil.example/a'b\\c" },
      { type: 'email', value: 'ketoan@evil-mail.com' },
      { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { type: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
      { type: 'sha256', value: SHA256, tlp: 'green' },
    ],
    ...over,
  };
}

let counter = 0;
const seqId = () => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;
const OPTS = { now: new Date('2026-03-02T04:05:06.789Z'), identityName: 'Sở Thông tin và Truyền thông tỉnh Đồng Nai' };

test('the validator accepts the real STIX 2.1 example and rejects broken bundles', () => {
  const real = fixture('indicator-for-c2-ip-address.json');
  assert.deepEqual(validateBundle(real, { ownOutput: false }), []);
  const broken = structuredClone(real);
  broken.objects[0].id = 'indicator--not-a-uuid';
  delete broken.objects[0].pattern_type;
  broken.objects[0].created_by_ref = 'identity--611d9d41-dba5-4e13-9b29-e22488058ffc';
  broken.objects[0].modified = '2014-05-08 09:00:00';
  assert.equal(validateBundle(broken, { ownOutput: false }).length, 4);
});

test('an incident exports as a valid STIX 2.1 bundle', () => {
  const b = toStixBundle(incident(), OPTS);
  assert.deepEqual(validateBundle(b, { ownOutput: true }), []);
  const types = b.objects.map((o) => o.type);
  assert.deepEqual(
    [...new Set(types)],
    ['identity', 'marking-definition', 'incident', 'indicator', 'relationship'],
  );
  assert.equal(types.filter((t) => t === 'indicator').length, 8);
  assert.equal(types.filter((t) => t === 'relationship').length, 8);
  const identity = b.objects.find((o) => o.type === 'identity')!;
  assert.equal(identity.name, OPTS.identityName);
  assert.equal(identity.identity_class, 'organization');
  const inc = b.objects.find((o) => o.type === 'incident')!;
  assert.equal(inc.id, 'incident--8a3f0c2e-5b1d-4c7a-9e2f-1d2c3b4a5f60', 'the incident keeps its own UUID');
  assert.equal(inc.name, incident().title);
  assert.equal(inc.created, '2026-03-01T03:00:00.000Z');
  assert.equal(inc.modified, '2026-03-02T04:05:06.789Z');
  assert.deepEqual(inc.external_references, [{ source_name: OPTS.identityName, external_id: '03/2026/SYT', description: 'Incident report number' }]);
  assert.deepEqual(inc.object_marking_refs, [TLP_MARKINGS.amber.id]);
  for (const r of b.objects.filter((o) => o.type === 'relationship')) {
    assert.equal(r.relationship_type, 'indicates');
    assert.equal(r.target_ref, inc.id);
  }
});

test('patterns per observable type, with quotes and backslashes escaped', () => {
  const b = toStixBundle(incident(), OPTS);
  assert.deepEqual(
    b.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern),
    [
      "[ipv4-addr:value = '203.0.113.7']",
      "[ipv6-addr:value = '2001:db8::7']",
      "[domain-name:value = 'c2.bad-domain.xyz']",
      "[url:value = 'https://evil.example/a\\'b\\\\c']",
      "[email-addr:value = 'ketoan@evil-mail.com']",
      "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
      "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']",
      `[file:hashes.'SHA-256' = '${SHA256}']`,
    ],
  );
  assert.equal(stixString("it's \\ fine"), "'it\\'s \\\\ fine'");
  assert.equal(stixPattern('domain', "x'] OR [file:name = 'y"), "[domain-name:value = 'x\\'] OR [file:name = \\'y']");
  for (const i of b.objects.filter((o) => o.type === 'indicator')) {
    assert.equal(i.pattern_type, 'stix');
    assert.equal(i.valid_from, '2026-03-01T01:15:00.000Z');
    assert.deepEqual(i.indicator_types, ['malicious-activity']);
  }
});

test('TLP markings are the specification\'s fixed definitions, per object, stricter wins', () => {
  const b = toStixBundle(incident(), OPTS);
  const markings = b.objects.filter((o) => o.type === 'marking-definition');
  assert.deepEqual(markings.map((m) => m.id).sort(), [TLP_MARKINGS.amber.id, TLP_MARKINGS.red.id].sort());
  // Same definition as the real example (a STIX 2.0 file, so without spec_version and name).
  const realAmber = fixture('using-marking-definitions.json').objects.find((o: any) => o.definition_type === 'tlp');
  const ourAmber = markings.find((m) => m.id === realAmber.id)!;
  for (const k of ['id', 'created', 'definition_type', 'definition']) assert.deepEqual(ourAmber[k], realAmber[k], k);
  assert.equal(TLP_MARKINGS.clear.id, 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9');
  assert.equal(TLP_MARKINGS.green.id, 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da');
  assert.equal(TLP_MARKINGS.red.id, 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed');
  const byPattern = (p: string) => b.objects.find((o) => o.type === 'indicator' && String(o.pattern).includes(p))!;
  assert.deepEqual(byPattern('c2.bad-domain').object_marking_refs, [TLP_MARKINGS.red.id]);
  assert.deepEqual(byPattern(SHA256).object_marking_refs, [TLP_MARKINGS.amber.id], 'green on an amber incident stays amber');
  const clear = toStixBundle(incident({ tlp: 'clear', observables: [] }), OPTS);
  assert.deepEqual(clear.objects.find((o) => o.type === 'marking-definition')!.definition, { tlp: 'white' });
  assert.deepEqual(validateBundle(clear, { ownOutput: true }), []);
});

test('indicators have the shape of the real STIX 2.1 indicator example', () => {
  const real = fixture('indicator-for-c2-ip-address.json').objects[0];
  const ours = toStixBundle(incident(), OPTS).objects.find((o) => o.type === 'indicator')!;
  for (const k of Object.keys(real)) assert.ok(k in ours, `our indicator has ${k}`);
  for (const k of Object.keys(real)) assert.equal(typeof ours[k], typeof real[k], k);
});

test('ids: UUID v4 from newId, deterministic with a seeded source; a non-UUID incident id gets a new one', () => {
  counter = 0;
  const a = toStixBundle(incident({ id: 'INC-42' }), { ...OPTS, newId: seqId });
  counter = 0;
  const b = toStixBundle(incident({ id: 'INC-42' }), { ...OPTS, newId: seqId });
  assert.deepEqual(a, b);
  assert.match(a.objects.find((o) => o.type === 'incident')!.id, /^incident--00000000-0000-4000-8000-/);
  assert.throws(() => toStixBundle(incident(), { ...OPTS, newId: () => 'nope' }), /UUID v4/);
  const fixed = toStixBundle(incident(), { ...OPTS, identityId: '11111111-2222-4333-8444-555555555555' });
  assert.equal(fixed.objects[0]!.id, 'identity--11111111-2222-4333-8444-555555555555');
});

test('invalid or duplicate observables are left out; empty description omitted; future report time clamped', () => {
  const b = toStixBundle(
    incident({
      description: '',
      reportedAt: new Date('2030-01-01T00:00:00Z'),
      observables: [
        { type: 'ipv4', value: '203.0.113.7' },
        { type: 'ipv4', value: '203.0.113[.]7' },
        { type: 'ipv4', value: '999.1.1.1' },
        { type: 'md5', value: 'not a hash' },
      ],
    }),
    OPTS,
  );
  assert.deepEqual(validateBundle(b, { ownOutput: true }), []);
  assert.equal(b.objects.filter((o) => o.type === 'indicator').length, 1);
  const inc = b.objects.find((o) => o.type === 'incident')!;
  assert.equal('description' in inc, false);
  assert.equal(inc.created, inc.modified);
});

test('the bundle is plain JSON and survives a round trip', () => {
  const b = toStixBundle(incident(), OPTS);
  assert.deepEqual(JSON.parse(JSON.stringify(b)), b);
});
