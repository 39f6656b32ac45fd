import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { IncidentForExport } from '../../server/src/incidents/intel/incident-for-export.ts';
import { fromMispEvent, MISP_IMPORT_LIMITS, toMispEvent } from '../../server/src/incidents/intel/misp-event.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/intel/${name}`, import.meta.url), 'utf8'));
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function incident(over: Partial<IncidentForExport> = {}): IncidentForExport {
  return {
    id: '8a3f0c2e-5b1d-4c7a-9e2f-1d2c3b4a5f60',
    number: '03/2026/SYT',
    title: 'Mã độc mã hóa dữ liệu tại Bệnh viện tỉnh',
    description: 'Máy chủ lưu trữ bị mã hóa; phát hiện 23:30 ngày 28/02.',
    type: 'encryption',
    // 23:30 on 28 Feb in Vietnam is 16:30 UTC: the MISP date is the local one.
    detectedAt: new Date('2026-02-28T16:30:00.000Z'),
    reportedAt: new Date('2026-03-01T02:00:00.000Z'),
    tlp: 'amber',
    reporterName: 'Trần Thị Bình',
    observables: [
      { type: 'ipv4', value: '203.0.113.7', comment: 'C2' },
      { type: 'ipv6', value: '2001:db8::7' },
      { type: 'domain', value: 'c2.bad-domain.xyz', tlp: 'red' },
      { type: 'url', value: "https://evil.example/a'b|c" },
      { type: 'email', value: 'ketoan@evil-mail.com', comment: 'Người gửi thư lừa đảo' },
      { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { type: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
      { type: 'sha256', value: SHA256 },
    ],
    ...over,
  };
}
const OPTS = { now: new Date('2026-03-02T04:05:06.789Z'), identityName: 'Sở TT&TT Đồng Nai' };

test('export has the shape of a real MISP event', () => {
  const real = fixture('existing_event.json');
  const small = fixture('event.json');
  const { Event: ev } = toMispEvent(incident(), OPTS);
  for (const k of Object.keys(small)) {
    assert.ok(k in ev, `has ${k}`);
    assert.equal(typeof (ev as any)[k], typeof small[k], k);
  }
  for (const k of ['uuid', 'info', 'date', 'threat_level_id', 'analysis', 'distribution', 'timestamp', 'Tag', 'Attribute']) {
    assert.equal(typeof (ev as any)[k], typeof real[k], k);
  }
  const realAttr = real.Attribute.find((a: any) => a.type === 'domain');
  const ourAttr = ev.Attribute.find((a) => a.type === 'domain')!;
  for (const k of ['type', 'category', 'value', 'to_ids', 'comment', 'uuid', 'distribution', 'timestamp', 'disable_correlation']) {
    assert.equal(typeof (ourAttr as any)[k], typeof realAttr[k], k);
  }
  assert.equal(ev.info, incident().title);
  assert.equal(ev.date, '2026-02-28');
  assert.equal(ev.uuid, '8a3f0c2e-5b1d-4c7a-9e2f-1d2c3b4a5f60');
  assert.deepEqual(ev.Tag, [{ name: 'tlp:amber' }]);
  assert.equal(ev.distribution, '0');
  assert.equal(ev.threat_level_id, '4');
  assert.equal(ev.timestamp, String(Math.floor(OPTS.now.getTime() / 1000)));
  assert.deepEqual(ev.Orgc, { name: OPTS.identityName });
});

test('attribute types, categories, IDS flags and per-attribute TLP', () => {
  const { Event: ev } = toMispEvent(incident(), OPTS);
  assert.deepEqual(
    ev.Attribute.map((a) => [a.type, a.category, a.to_ids]),
    [
      ['text', 'Internal reference', false],
      ['comment', 'Other', false],
      ['ip-dst', 'Network activity', true],
      ['ip-dst', 'Network activity', true],
      ['domain', 'Network activity', true],
      ['url', 'Network activity', true],
      ['email-src', 'Payload delivery', true],
      ['md5', 'Payload delivery', true],
      ['sha1', 'Payload delivery', true],
      ['sha256', 'Payload delivery', true],
    ],
  );
  assert.equal(ev.Attribute[0]!.value, '03/2026/SYT');
  assert.deepEqual(ev.Attribute.find((a) => a.type === 'domain')!.Tag, [{ name: 'tlp:red' }]);
  assert.equal(ev.Attribute.find((a) => a.type === 'md5')!.Tag, undefined);
  assert.ok(ev.Attribute.every((a) => /^[0-9a-f-]{36}$/.test(a.uuid)));
  assert.equal(new Set(ev.Attribute.map((a) => a.uuid)).size, ev.Attribute.length);
  assert.equal(JSON.stringify(ev).includes('Trần Thị Bình'), false, 'the reporter is not exported');
  assert.deepEqual(toMispEvent(incident({ tlp: 'clear' }), OPTS).Event.Tag, [{ name: 'tlp:white' }]);
  assert.equal(toMispEvent(incident({ tlp: 'clear' }), OPTS).Event.distribution, '3');
});

test('round trip export → JSON → import keeps every observable, its comment and TLP', () => {
  const inc = incident();
  const json = JSON.parse(JSON.stringify(toMispEvent(inc, OPTS)));
  const r = fromMispEvent(json);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.title, inc.title);
  assert.equal(r.date, '2026-02-28');
  assert.equal(r.tlp, 'amber');
  assert.deepEqual(
    r.observables.map((o) => ({ type: o.type, value: o.value, ...(o.comment ? { comment: o.comment } : {}) })),
    inc.observables.map((o) => ({ type: o.type, value: o.value, ...(o.comment ? { comment: o.comment } : {}) })),
  );
  assert.equal(r.observables.find((o) => o.type === 'domain')!.tlp, 'red');
  assert.deepEqual(r.skipped.map((s) => s.path), ['Attribute[0]', 'Attribute[1]'], 'only the report number and description');
});

test('imports the minimal PyMISP event', () => {
  const r = fromMispEvent(fixture('event.json'));
  assert.deepEqual(r, { ok: true, title: 'This is a test', date: '2017-12-31', tlp: null, observables: [], skipped: [] });
});

test('imports the real PyMISP event with objects; unknown types are skipped, not fatal', () => {
  const r = fromMispEvent(fixture('existing_event.json'));
  assert.ok(r.ok);
  assert.equal(r.title, 'OSINT - Sednit update: How Fancy Bear Spent the Year');
  assert.equal(r.date, '2017-12-21');
  assert.equal(r.tlp, 'clear');
  const count = (t: string) => r.observables.filter((o) => o.type === t).length;
  assert.equal(count('domain'), 18);
  assert.equal(count('ipv4'), 11);
  assert.equal(count('sha1'), 37);
  assert.ok(r.observables.some((o) => o.type === 'domain' && o.value === 'movieultimate.com' && o.comment === 'Xagent Samples'));
  assert.ok(r.skipped.some((s) => s.path === 'Attribute[0]' && /link/.test(s.reason)));
  assert.ok(r.skipped.some((s) => /^Object\[\d+\]\.Attribute\[\d+\]$/.test(s.path) && /file name/.test(s.reason)));
  assert.ok(r.skipped.some((s) => /duplicate/.test(s.reason)));
  const total = r.observables.length + r.skipped.length;
  const ev = fixture('existing_event.json');
  const attrs = ev.Attribute.length + ev.Object.reduce((n: number, o: any) => n + o.Attribute.length, 0);
  assert.equal(total, attrs, 'every attribute is either imported or reported');
});

test('combined MISP types, refanged values, the REST response wrapper', () => {
  const r = fromMispEvent({
    response: [
      {
        Event: {
          info: 'x',
          Tag: [{ name: 'TLP:GREEN' }, { name: 'tlp:amber+strict' }],
          Attribute: [
            { type: 'domain|ip', value: 'evil.vn|203.0.113.9' },
            { type: 'ip-src|port', value: '198.51.100.4|3389' },
            { type: 'filename|sha256', value: `a.exe|${SHA256.toUpperCase()}` },
            { type: 'hostname', value: 'Mail.Evil[.]VN' },
            { type: 'email-dst', value: 'a[@]b.vn' },
            { type: 'ip-dst', value: '2001:DB8::1' },
            { type: 'ip-dst', value: 'not-an-ip' },
            { type: 'domain|ip', value: 'no-pipe.vn' },
            { type: 'md5', value: 'abc', deleted: true },
          ],
        },
      },
    ],
  });
  assert.ok(r.ok);
  assert.equal(r.tlp, 'amber');
  assert.equal(r.date, null);
  assert.deepEqual(r.observables.map((o) => `${o.type}:${o.value}`), [
    'domain:evil.vn', 'ipv4:203.0.113.9', 'ipv4:198.51.100.4', `sha256:${SHA256}`, 'domain:mail.evil.vn', 'email:a@b.vn', 'ipv6:2001:db8::1',
  ]);
  assert.deepEqual(r.skipped.map((s) => [s.index, s.reason]), [
    [6, 'not an IP address'],
    [7, '"domain|ip" value must be two parts separated by "|"'],
    [8, 'deleted in MISP'],
  ]);
});

test('not a MISP event: field errors', () => {
  for (const input of [null, undefined, 42, 'str', [], {}, { Event: [] }, { Event: 'x' }]) {
    const r = fromMispEvent(input);
    assert.equal(r.ok, false, JSON.stringify(input));
  }
  const noInfo = fromMispEvent({ Event: { date: '2026-01-01' } });
  assert.deepEqual(noInfo, { ok: false, errors: [{ field: 'Event.info', message: 'The event has no title (info)' }] });
  const badDate = fromMispEvent({ Event: { info: 'x', date: '2026-02-30' } });
  assert.ok(!badDate.ok && badDate.errors[0]!.field === 'Event.date');
});

test('hostile input never throws: wrong types, huge strings, prototype keys, proxies, getters', () => {
  const hostile: unknown[] = [
    { Event: { info: 'x', Attribute: 'not an array', Object: { Attribute: [] }, Tag: 'tlp:red' } },
    { Event: { info: 'x', Attribute: [null, 1, 'a', [], { type: 5, value: 'x' }, { type: 'domain', value: 5 }, { type: 'domain' }] } },
    { Event: { info: 'x', Attribute: [{ type: 'url', value: 'http://a.vn/' + 'a'.repeat(10 * 1024 * 1024) }] } },
    { Event: { info: 'x'.repeat(5_000_000), Attribute: [{ type: 'x'.repeat(1_000_000), value: 'y' }] } },
    JSON.parse('{"Event":{"info":"x","__proto__":{"Attribute":[{"type":"domain","value":"polluted.vn"}]},"Attribute":[{"type":"domain","value":"ok.vn","__proto__":{"deleted":true}}]}}'),
    JSON.parse('{"__proto__":{"Event":{"info":"polluted"}}}'),
    JSON.parse('{"Event":{"info":"x","Attribute":[{"type":"__proto__","value":"a"},{"type":"constructor","value":"b"},{"type":"toString","value":"c"},{"type":"hasOwnProperty","value":"d"}]}}'),
    { Event: Object.create({ info: 'inherited' }) },
    new Proxy({}, { get() { throw new Error('boom'); }, has() { throw new Error('boom'); }, getOwnPropertyDescriptor() { throw new Error('boom'); } }),
    { Event: { info: 'x', get Attribute() { throw new Error('getter'); } } },
    { Event: { info: 'x', Attribute: [{ type: 'domain', value: 'a.vn', comment: { toString: () => 'evil' } }] } },
  ];
  for (const input of hostile) {
    const r = fromMispEvent(input);
    assert.equal(typeof r.ok, 'boolean');
  }
  assert.equal(({} as any).Attribute, undefined, 'Object.prototype untouched');
  const polluted = fromMispEvent(hostile[4]);
  assert.ok(polluted.ok);
  assert.deepEqual(polluted.observables, [{ type: 'domain', value: 'ok.vn' }], 'own properties only');
  assert.equal(fromMispEvent(hostile[5]).ok, false);
  assert.equal(fromMispEvent(hostile[7]).ok, false, 'an inherited info is not read');
  const big = fromMispEvent(hostile[3]);
  assert.ok(big.ok && big.title.length === MISP_IMPORT_LIMITS.maxTitleLength);
  assert.ok(big.ok && big.skipped[0]!.reason.length < 200);
  const protoTypes = fromMispEvent(hostile[6]);
  assert.ok(protoTypes.ok && protoTypes.observables.length === 0 && protoTypes.skipped.length === 4);
});

test('at most 10,000 attributes are read, and the rest is reported', () => {
  const Attribute = Array.from({ length: 12_000 }, (_, i) => ({ type: 'ip-dst', value: `10.${(i >> 8) & 255}.${i & 255}.1` }));
  const t0 = performance.now();
  const r = fromMispEvent({ Event: { info: 'many', Attribute, Object: [{ Attribute: [{ type: 'domain', value: 'late.vn' }] }] } });
  assert.ok(performance.now() - t0 < 2000);
  assert.ok(r.ok);
  assert.equal(r.observables.length, MISP_IMPORT_LIMITS.maxAttributes);
  assert.equal(r.skipped.length, 1);
  assert.match(r.skipped[0]!.reason, /more than 10000 attributes/);
  assert.equal(r.skipped[0]!.path, 'Attribute[10000]');
});
