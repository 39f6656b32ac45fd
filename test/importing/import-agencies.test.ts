import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { csv, file, setup, snapshot, userActor, xlsx, type Fixture } from './import-fixtures.ts';

/** Importing the agency tree: parents resolved by code, in any row order, within the actor's subtree. */

const HEADER = ['Mã cơ quan', 'Tên cơ quan', 'Mã cơ quan cấp trên', 'Loại', 'Địa chỉ', 'Email tiếp nhận sự cố', 'Điện thoại tiếp nhận sự cố'];

describe('importing agencies', () => {
  let f: Fixture;
  before(async () => {
    f = await setup();
  });
  after(async () => {
    await f.ctx.close();
  });

  const parentOf = async (code: string) => {
    const a = await f.ctx.repos.agencies.findByCode(f.ctx.database.db, code);
    const p = a?.parent_id ? await f.ctx.repos.agencies.findById(f.ctx.database.db, a.parent_id) : undefined;
    return p?.code ?? null;
  };

  it('creates agencies whose parents are listed after them, and accepts Vietnamese kind words', async () => {
    const rows = [
      ['PHONG-ATTT', 'Phòng An toàn thông tin', 'TT-ATTT', 'Đơn vị', '', '', ''],
      ['TT-ATTT', 'Trung tâm Giám sát an toàn thông tin', 'STTTT-DNA', 'don vi', '2 Nguyễn Văn Trị, Biên Hòa', 'soc@dongnai.gov.vn', '0251 3822 222'],
      ['XA-TAN-PHU', 'UBND xã Tân Phú', 'HUYEN-DQ', 'Khác', '', '', ''],
      ['HUYEN-DQ', 'UBND huyện Định Quán', 'UBND-DNA', 'Huyện', '', '', ''],
    ];
    const report = await f.imports.import(f.admin, 'agencies', file(await xlsx(HEADER, rows), 'co-quan.xlsx'), { dryRun: false });
    assert.deepEqual(report.errors, []);
    assert.deepEqual([report.created, report.applied], [4, true]);
    assert.equal(await parentOf('PHONG-ATTT'), 'TT-ATTT');
    assert.equal(await parentOf('TT-ATTT'), 'STTTT-DNA');
    assert.equal(await parentOf('XA-TAN-PHU'), 'HUYEN-DQ');
    const tt = await f.ctx.repos.agencies.findByCode(f.ctx.database.db, 'TT-ATTT');
    assert.deepEqual([tt!.kind, tt!.intake_email, tt!.depth], ['unit', 'soc@dongnai.gov.vn', 2]);

    const again = await f.imports.import(f.admin, 'agencies', file(await xlsx(HEADER, rows), 'co-quan.xlsx'), { dryRun: false });
    assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 4]);
  });

  it('moves an agency when its parent code changes, and updates only what changed', async () => {
    const rows = [['PHONG-ATTT', 'Phòng An toàn thông tin mạng', 'STTTT-DNA', 'unit', '', '', '']];
    const report = await f.imports.import(f.admin, 'agencies', file(csv(HEADER, rows), 'move.csv'), { dryRun: false });
    assert.deepEqual([report.errors.length, report.updated], [0, 1]);
    assert.equal(await parentOf('PHONG-ATTT'), 'STTTT-DNA');
  });

  it('reports loops, unknown parents, bad values and the children of failed rows, writing nothing', async () => {
    const before = await snapshot(f.ctx);
    const rows = [
      ['VONG-A', 'Vòng A', 'VONG-B', 'Sở', '', '', ''], // 2: loop
      ['VONG-B', 'Vòng B', 'VONG-A', 'Sở', '', '', ''], // 3: loop
      ['TU-THAN', 'Tự thân', 'tu-than', 'Sở', '', '', ''], // 4: own parent
      ['MO-COI', 'Mồ côi', 'KHONG-CO', 'Sở', '', '', ''], // 5: unknown parent
      ['MA SAI', 'Mã có dấu cách', 'UBND-DNA', 'Sở', '', 'khong-phai-email', 'abc'], // 6: bad code, email, phone
      ['CON-MA-SAI', 'Con của mã sai', 'MA SAI', 'Phường', '', '', ''], // 7: failed parent + bad kind
      ['HOP-LE', 'Hợp lệ', 'UBND-DNA', 'Sở', '', '', ''], // 8: fine
      ['hop-le', 'Trùng mã', 'UBND-DNA', 'Sở', '', '', ''], // 9: duplicate code
    ];
    const report = await f.imports.import(f.admin, 'agencies', file(csv(HEADER, rows), 'loi.csv'), { dryRun: false });
    assert.equal(report.applied, false);
    const got = report.errors.map((e) => `${e.row} ${e.column}: ${e.message}`);
    const expect = [
      /^2 Mã cơ quan cấp trên: the parent codes form a loop: "VONG-A" → "VONG-B" → "VONG-A"$/,
      /^3 Mã cơ quan cấp trên: the parent codes form a loop/,
      /^4 Mã cơ quan cấp trên: an agency cannot be its own parent$/,
      /^5 Mã cơ quan cấp trên: unknown agency code "KHONG-CO"/,
      /^6 Mã cơ quan: may contain only letters/,
      /^6 Email tiếp nhận sự cố: is not a valid email address$/,
      /^6 Điện thoại tiếp nhận sự cố: is not a valid phone number$/,
      /^7 Loại: "Phường" is not an allowed value; use one of: Tỉnh, Bộ, Sở, Huyện, Đơn vị, Doanh nghiệp, Khác$/,
      /^9 Mã cơ quan: row 8 already has the same agency code/,
    ];
    assert.equal(got.length, expect.length, got.join('\n'));
    expect.forEach((re, i) => assert.match(got[i]!, re));
    assert.equal(report.validRows, 1);
    assert.deepEqual(await snapshot(f.ctx), before);
  });

  it('tells the child which parent row failed when only the parent is wrong', async () => {
    const rows = [
      ['CHA-LOI', 'Cha lỗi', 'UBND-DNA', 'Không rõ', '', '', ''],
      ['CON-TOT', 'Con tốt', 'CHA-LOI', 'Đơn vị', '', '', ''],
    ];
    const report = await f.imports.import(f.admin, 'agencies', file(csv(HEADER, rows), 'cha.csv'), { dryRun: true });
    assert.deepEqual(report.errors.map((e) => [e.row, e.column]), [[2, 'Loại'], [3, 'Mã cơ quan cấp trên']]);
    assert.match(report.errors[1]!.message, /parent agency "CHA-LOI" \(row 2\) could not be imported/);
  });

  it('keeps an agency admin inside their subtree, and lets them re-import their own export', async () => {
    const actor = await userActor(f.ctx, 'qtv.bh', 'agency_admin', f.ids['UBND-BH']!);
    const rows = [
      ['PHUONG-TH', 'UBND phường Tân Hiệp', 'UBND-BH', 'Khác', '', '', ''],
      ['LE-LK', 'Đơn vị lạ', 'UBND-LK', 'Khác', '', '', ''], // sibling district: not theirs
      ['GOC-MOI', 'Gốc mới', '', 'Khác', '', '', ''], // only administrators create roots
      ['SYT-DNA', 'Chiếm mã', 'UBND-BH', 'Sở', '', '', ''], // code used outside their subtree
    ];
    const report = await f.imports.import(actor, 'agencies', file(csv(HEADER, rows), 'bh.csv'), { dryRun: false });
    const got = report.errors.map((e) => `${e.row} ${e.column}: ${e.message}`);
    assert.equal(got.length, 3, got.join('\n'));
    assert.match(got[0]!, /^3 Mã cơ quan cấp trên: unknown agency code "UBND-LK"/);
    assert.match(got[1]!, /^4 Mã cơ quan cấp trên: A parent agency is required/);
    assert.match(got[2]!, /^5 Mã cơ quan: An agency with this code already exists/);

    const ok = await f.imports.import(actor, 'agencies', file(csv(HEADER, rows.slice(0, 1)), 'bh.csv'), { dryRun: false });
    assert.deepEqual([ok.errors.length, ok.created], [0, 1]);
    // Their export shows their own agency with an empty parent (the province is not theirs to see);
    // reading it back must neither fail nor try to make it a root.
    const exported = await f.exports.export(actor, 'agencies', 'csv');
    assert.match(exported.body.toString('utf8'), /UBND-BH,UBND thành phố Biên Hòa,,Huyện/);
    const back = await f.imports.import(actor, 'agencies', file(exported.body, exported.filename), { dryRun: false });
    assert.deepEqual([back.errors, back.created, back.updated, back.unchanged], [[], 0, 0, 2]);
    assert.equal(await parentOf('UBND-BH'), 'UBND-DNA');
  });
});
