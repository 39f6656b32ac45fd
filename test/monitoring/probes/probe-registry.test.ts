import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from 'typebox/value';
import { getProbe, PROBES } from '../../../server/src/monitoring/probe-registry.ts';
import { validateHttpSettings } from '../../../server/src/monitoring/probes/http.probe.ts';

describe('probe registry and settings schemas', () => {
  test('one probe per kind, each with a schema its own defaults satisfy', () => {
    assert.deepEqual(Object.keys(PROBES).sort(), ['content', 'dns', 'http', 'tcp', 'tls']);
    for (const [kind, p] of Object.entries(PROBES)) {
      assert.equal(p.kind, kind);
      assert.equal(getProbe(p.kind), p);
      assert.equal(typeof p.targetHelp, 'string');
      assert.ok(Value.Check(p.settingsSchema, p.defaults), `${kind} defaults: ${JSON.stringify([...Value.Errors(p.settingsSchema, p.defaults)])}`);
      assert.ok(Value.Check(p.settingsSchema, {}), `${kind}: every setting is optional`);
      assert.equal(Value.Check(p.settingsSchema, { noSuchSetting: true }), false, `${kind}: unknown settings refused`);
    }
  });

  test('schemas refuse bad values field by field', () => {
    const bad: Array<[keyof typeof PROBES, Record<string, unknown>]> = [
      ['http', { method: 'POST' }],
      ['http', { expectedStatus: ['abc'] }],
      ['http', { headers: { 'bad name': 'x' } }],
      ['http', { headers: { 'X-Ok': 'header\r\nInjected: yes' } }],
      ['http', { maxBodyBytes: 100 * 1024 * 1024 }],
      ['http', { regex: 'x'.repeat(301) }],
      ['http', { regexFlags: 'g' }],
      ['http', { resolver: 'dns.example' }],
      ['tls', { minProtocol: 'SSLv3' }],
      ['tls', { warnDays: -1 }],
      ['dns', { types: ['A', 'A'] }],
      ['dns', { types: ['SOA'] }],
      ['dns', { changeStatus: 'up' }],
      ['tcp', { expect: 'maybe' }],
    ];
    for (const [kind, s] of bad) assert.equal(Value.Check(PROBES[kind].settingsSchema, s), false, `${kind} ${JSON.stringify(s)}`);
    assert.ok(Value.Check(PROBES.http.settingsSchema, { headers: { 'X-Api-Key': 'abc' }, expectedStatus: ['200-299', '3xx'], resolver: '[fd00::53]:53' }));
  });

  test('what a schema cannot say (regex safety, status ranges) has its own field-level check', () => {
    assert.deepEqual(validateHttpSettings({ regex: 'ok', expectedStatus: ['200'] }), []);
    assert.deepEqual(
      validateHttpSettings({ regex: '(a+)+$', expectedStatus: ['299-200'], method: 'HEAD' }).map((e) => e.field),
      ['/expectedStatus', '/regex', '/method'],
    );
  });
});
