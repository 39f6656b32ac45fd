import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { ForbiddenError } from '../../server/src/domain/errors.ts';
import { ImportFileError } from '../../server/src/importing/import-file-error.ts';
import { ImportService } from '../../server/src/services/import.service.ts';
import { csv, file, setup, snapshot, SYSTEM_HEADER, systemRows, userActor, xlsx, type Fixture } from './import-fixtures.ts';

/** Importing information systems against the real database (PGlite, or PostgreSQL via TEST_DATABASE_URL). */

describe('importing information systems', () => {
  let f: Fixture;
  before(async () => {
    f = await setup();
  });
  after(async () => {
    await f.ctx.close();
  });

  const rows = systemRows(300);

  it('imports 300 systems from CSV, and re-importing the same file changes nothing', async () => {
    const first = await f.imports.import(f.admin, 'systems', file(csv(SYSTEM_HEADER, rows, { bom: true }), 'he-thong.csv'), { dryRun: false });
    assert.deepEqual(first.errors, []);
    assert.deepEqual({ ...first, errors: undefined }, {
      kind: 'systems', format: 'csv', totalRows: 300, validRows: 300, errors: undefined, created: 300, updated: 0, unchanged: 0, applied: true,
    });
    const counts = await snapshot(f.ctx);
    assert.equal(counts.information_systems, 300);

    const again = await f.imports.import(f.admin, 'systems', file(csv(SYSTEM_HEADER, rows, { bom: true }), 'he-thong.csv'), { dryRun: false });
    assert.deepEqual([again.created, again.updated, again.unchanged, again.applied], [0, 0, 300, true]);
    const afterAgain = await snapshot(f.ctx);
    // No duplicates, no per-row audit noise: only the import's own summary entry.
    assert.deepEqual(afterAgain, { ...counts, audit_log: counts.audit_log! + 1 });
  });

  it('re-imports the same systems from XLSX, updating the rows that changed', async () => {
    const edited = rows.map((r, i) => (i < 10 ? [r[0]!.toUpperCase(), 'Mô tả mới', ...r.slice(2, 4), 'Cấp 5', ...r.slice(5)] : r));
    const report = await f.imports.import(f.admin, 'systems', file(await xlsx(SYSTEM_HEADER, edited), 'he-thong.xlsx'), { dryRun: false });
    assert.deepEqual(report.errors, []);
    assert.deepEqual([report.format, report.created, report.updated, report.unchanged], ['xlsx', 0, 10, 290]);
    assert.equal((await snapshot(f.ctx)).information_systems, 300);
    const { items } = await f.ctx.systems.list(f.admin, { q: 'SỐ 1', limit: 500, offset: 0 });
    const first = items.find((s) => s.name === rows[0]![0]!.toUpperCase());
    assert.ok(first, 'the name (matched case-insensitively) takes the new spelling');
    assert.equal(first.securityLevel, 5);
    assert.equal(first.description, 'Mô tả mới');
    assert.deepEqual(first.software, [
      { vendor: 'Microsoft', product: 'IIS', version: '10.0', cpe: null },
      { vendor: 'Oracle', product: 'MySQL', version: '8.0', cpe: 'cpe:2.3:a:oracle:mysql:8.0:*:*:*:*:*:*:*' },
    ]);
  });

  it('reports every bad row with its row number, column and reason, and writes nothing', async () => {
    const bad = systemRows(12).map((r) => [`Mới ${r[0]}`, ...r.slice(1)]);
    bad[1]![4] = 'Cấp 7'; // row 3: level out of range
    bad[3]![2] = 'KHONG-CO'; // row 5: unknown owner
    bad[4]![6] = 'ftp://sai.vn'; // row 6: not http(s)
    bad[4]![8] = '10.0.0.999; 10.0.0.1'; // row 6: bad IP in a list
    bad[6]![0] = ''; // row 8: no name
    bad[7]![11] = 'Microsoft'; // row 9: software without product
    bad[8]![5] = 'có lẽ'; // row 10: not yes/no
    bad[9]![7] = 'a..b.vn'; // row 11: bad domain
    bad[10] = [...bad[0]!]; // row 12: duplicate of row 2
    const before = await snapshot(f.ctx);
    const report = await f.imports.import(f.admin, 'systems', file(csv(SYSTEM_HEADER, bad), 'loi.csv'), { dryRun: false });
    assert.equal(report.applied, false);
    assert.equal(report.totalRows, 12);
    const got = report.errors.map((e) => [e.row, e.column]);
    assert.deepEqual(got, [
      [3, 'Cấp độ'], [5, 'Mã cơ quan chủ quản'], [6, 'URL'], [6, 'Địa chỉ IP'], [8, 'Tên hệ thống'],
      [9, 'Phần mềm'], [10, 'Hạ tầng quan trọng quốc gia'], [11, 'Tên miền'], [12, 'Tên hệ thống'],
    ]);
    const msg = (row: number, col: string) => report.errors.find((e) => e.row === row && e.column === col)!.message;
    assert.match(msg(3, 'Cấp độ'), /1 to 5/);
    assert.match(msg(5, 'Mã cơ quan chủ quản'), /unknown agency code "KHONG-CO"/);
    assert.match(msg(6, 'Địa chỉ IP'), /"10\.0\.0\.999" is not a valid IP address/);
    assert.match(msg(8, 'Tên hệ thống'), /must not be empty/);
    assert.match(msg(11, 'Tên miền'), /not a valid domain name/);
    assert.match(msg(12, 'Tên hệ thống'), /row 2 already has/);
    assert.equal(report.validRows, 4);
    assert.deepEqual(await snapshot(f.ctx), before, 'nothing written, audit log unchanged');
  });

  it('reports duplicate rows within one file', async () => {
    const dup = [rows[0]!, rows[1]!, [rows[0]![0]!.toLowerCase(), ...rows[0]!.slice(1)]];
    const report = await f.imports.import(f.admin, 'systems', file(csv(SYSTEM_HEADER, dup), 'dup.csv'), { dryRun: false });
    assert.deepEqual(report.errors.map((e) => [e.row, e.column]), [[4, 'Tên hệ thống']]);
    assert.match(report.errors[0]!.message, /row 2 already has the same owner agency and system name/);
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const before = await snapshot(f.ctx);
    const fresh = systemRows(20).map((r) => [`Thử nghiệm ${r[0]}`, ...r.slice(1)]);
    const report = await f.imports.import(f.admin, 'systems', file(csv(SYSTEM_HEADER, [...fresh, rows[50]!]), 'thu.csv'), { dryRun: true });
    assert.deepEqual([report.errors.length, report.created, report.unchanged, report.applied], [0, 20, 1, false]);
    assert.deepEqual(await snapshot(f.ctx), before);
  });

  it('names unknown columns and missing required columns instead of dropping data', async () => {
    const header = ['Ten he thong', 'Ma co quan chu quan', 'Cap do', 'Nha cung cap hostting'];
    const report = await f.imports.import(f.admin, 'systems', file(csv(header, [['A', 'SYT-DNA', '2', 'VNPT']]), 'typo.csv'), { dryRun: false });
    assert.equal(report.applied, false);
    assert.deepEqual(report.errors.map((e) => [e.row, e.column]), [[1, 'Nha cung cap hostting']]);
    assert.match(report.errors[0]!.message, /unknown column/);

    const missing = await f.imports.import(f.admin, 'systems', file(csv(['Tên hệ thống', 'Cấp độ'], [['A', '2']]), 'thieu.csv'), { dryRun: false });
    assert.deepEqual(missing.errors.map((e) => e.column), ['Mã cơ quan chủ quản']);
    assert.match(missing.errors[0]!.message, /required column/);
  });

  it('accepts English headers in any case and a semicolon-delimited UTF-16 file', async () => {
    const header = ['SYSTEM NAME', 'owner_agency_code', 'securityLevel', 'Critical'];
    const data = csv(header, [['Cổng tiếp nhận phản ánh', 'SXD-DNA', 'III', 'x']], { delimiter: ';', encoding: 'utf16le' });
    const report = await f.imports.import(f.admin, 'systems', file(data, 'english.csv'), { dryRun: false });
    assert.deepEqual(report.errors, []);
    assert.equal(report.created, 1);
    const { items } = await f.ctx.systems.list(f.admin, { q: 'Cổng tiếp nhận phản ánh', limit: 5, offset: 0 });
    assert.deepEqual([items[0]!.securityLevel, items[0]!.criticalNational], [3, true]);
  });

  it('gives an agency admin "unknown agency code" for agencies outside their subtree, without telling them apart', async () => {
    const actor = await userActor(f.ctx, 'qtv.stttt', 'agency_admin', f.ids['STTTT-DNA']!);
    // The data centre (under STTTT) runs a system for the health department: STTTT sees SYT-DNA there.
    await f.ctx.systems.create(SYSTEM_ACTOR, { name: 'Hồ sơ sức khỏe điện tử', ownerAgencyId: f.ids['SYT-DNA']!, operatorAgencyId: f.ids['TTCNS-DNA']!, securityLevel: 3 });
    const before = await snapshot(f.ctx);
    const data = csv(SYSTEM_HEADER.slice(0, 5), [
      ['Hệ thống của Sở', '', 'STTTT-DNA', '', '2'],
      // An operator outside the subtree is fine when the actor already sees it on their systems
      ['Hệ thống của trung tâm', '', 'TTCNS-DNA', 'SYT-DNA', '2'],
      ['Hệ thống Sở Y tế', '', 'SYT-DNA', '', '2'], // owner exists, outside the subtree
      ['Hệ thống ma', '', 'KHONG-TON-TAI', '', '2'], // owner does not exist
      ['Hệ thống vận hành lạ', '', 'STTTT-DNA', 'UBND-LK', '2'], // operator exists but is unknown to them
      ['Hệ thống vận hành ma', '', 'STTTT-DNA', 'KHONG-TON-TAI', '2'], // operator does not exist
    ]);
    const report = await f.imports.import(actor, 'systems', file(data, 'qtv.csv'), { dryRun: false });
    assert.equal(report.applied, false);
    assert.deepEqual(report.errors.map((e) => [e.row, e.column]), [
      [4, 'Mã cơ quan chủ quản'], [5, 'Mã cơ quan chủ quản'], [6, 'Mã đơn vị vận hành'], [7, 'Mã đơn vị vận hành'],
    ]);
    const words = report.errors.map((e) => e.message.replace(/"[^"]*"/, '"…"'));
    assert.equal(new Set(words).size, 1, 'same words whether the agency exists elsewhere or not at all');
    assert.equal(report.validRows, 2);
    assert.deepEqual(await snapshot(f.ctx), before);
  });

  it('refuses read-only roles up front, and unreadable files with ImportFileError', async () => {
    const viewer = await userActor(f.ctx, 'xem', 'viewer', null);
    await assert.rejects(f.imports.import(viewer, 'systems', file(csv(SYSTEM_HEADER, rows.slice(0, 1)), 'a.csv'), { dryRun: true }), ForbiddenError);
    await assert.rejects(
      f.imports.import(f.admin, 'systems', file(Buffer.from([0x54, 0xea, 0xf2, 0x0a]), 'cp1258.csv'), { dryRun: true }),
      (e: unknown) => e instanceof ImportFileError && e.status === 422 && /CSV UTF-8/.test(e.message),
    );
    const tiny = new ImportService(f.ctx.database.db, f.ctx.repos, f.ctx.audit, f.ctx.clock, { limits: { maxFileBytes: 1024 } });
    await assert.rejects(tiny.import(f.admin, 'systems', file(csv(SYSTEM_HEADER, rows.slice(0, 50)), 'big.csv'), { dryRun: true }), (e: unknown) => e instanceof ImportFileError && e.status === 413);
  });

  it('records one import.apply audit entry with counts and the file hash', async () => {
    const one = [[`Hệ thống kiểm toán`, '', 'SGDDT-DNA', '', '1', '', '', '', '', '', '', '']];
    await f.imports.import(f.admin, 'systems', file(csv(SYSTEM_HEADER, one), 'C:\\Users\\a\\kiem-toan.csv'), { dryRun: false });
    const { items } = await f.ctx.audit.list(f.ctx.database.db, { scope: { all: true }, action: 'import.apply', limit: 1, offset: 0 });
    const entry = items[0]!;
    assert.equal(entry.entity_type, 'import');
    assert.match(entry.summary!, /^Imported systems from kiem-toan\.csv: 1 created, 0 updated, 0 unchanged$/);
    assert.match(String((entry.after as { sha256: string }).sha256), /^[0-9a-f]{64}$/);
    assert.equal((await f.ctx.audit.verify(f.ctx.database.db)).ok, true);
  });
});
