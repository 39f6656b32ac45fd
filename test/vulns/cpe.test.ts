import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeCpeComponent, parseCpe23 } from '../../server/src/vulns/cpe.ts';

describe('parseCpe23', () => {
  it('parses the eleven components', () => {
    const c = parseCpe23('cpe:2.3:o:microsoft:windows_10_1809:*:*:*:*:*:*:x64:*');
    assert.deepEqual(c, {
      part: 'o', vendor: 'microsoft', product: 'windows_10_1809', version: '*', update: '*', edition: '*',
      language: '*', swEdition: '*', targetSw: '*', targetHw: 'x64', other: '*',
    });
  });
  it('unescapes \\: \\\\ \\( \\! \\& and keeps the meaning of \\* \\? and a lone \\-', () => {
    assert.equal(parseCpe23('cpe:2.3:a:siemens:logo\\!_soft_comfort:*:*:*:*:*:*:*:*')?.product, 'logo!_soft_comfort');
    assert.equal(parseCpe23('cpe:2.3:a:netapp:solidfire_\\&_hci_storage_node:-:*:*:*:*:*:*:*')?.version, '-');
    assert.equal(parseCpe23('cpe:2.3:a:cisco:dcnm:11.3\\(1\\):*:*:*:*:*:*:*')?.version, '11.3(1)');
    assert.equal(parseCpe23('cpe:2.3:a:x:a\\:b\\\\c:1:*:*:*:*:*:*:*')?.product, 'a:b\\c');
    assert.equal(parseCpe23('cpe:2.3:a:x:y:\\*:*:*:*:*:*:*:*')?.version, '\\*');
    assert.equal(parseCpe23('cpe:2.3:a:x:y:\\-:*:*:*:*:*:*:*')?.version, '\\-');
    assert.equal(parseCpe23('cpe:2.3:a:x:y:1.*:*:*:*:*:*:*:*')?.version, '1.*');
  });
  it('rejects what is not a formatted string', () => {
    for (const s of [
      '', 'cpe:/a:apache:log4j:2.0', 'cpe:2.3:a:apache:log4j', 'cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*:extra',
      'cpe:2.3:x:apache:log4j:2.0:*:*:*:*:*:*:*', 'cpe:2.3:a::log4j:2.0:*:*:*:*:*:*:*', 'cpe:2.3:a:apa che:log4j:2.0:*:*:*:*:*:*:*',
      'cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*\\', 'cpe:2.3:a:apache:lo*g4j:2.0:*:*:*:*:*:*:*', 'x'.repeat(5000),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      undefined as any,
    ]) assert.equal(parseCpe23(s), null, String(s).slice(0, 60));
  });
  it('escapeCpeComponent is the inverse for ordinary values', () => {
    for (const v of ['logo!_soft_comfort', '11.3(1)', 'a:b', '*', '-']) {
      const s = `cpe:2.3:a:v:${escapeCpeComponent(v)}:*:*:*:*:*:*:*:*`;
      assert.equal(parseCpe23(s)?.product, v, s);
    }
  });
});
