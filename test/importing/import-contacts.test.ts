import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { csv, file, setup, snapshot, userActor, xlsx, type Fixture } from './import-fixtures.ts';

/** Importing 24/7 contact points: Vietnamese vocabularies, dates, messaging handles, scoping. */

const HEADER = ['Mã cơ quan', 'Họ tên', 'Chức vụ', 'Vai trò', 'Thời gian', 'Điện thoại', 'Di động', 'Email', 'Zalo', 'Telegram', 'Xác minh lần cuối'];

describe('importing contact points', () => {
  let f: Fixture;
  before(async () => {
    f = await setup();
  });
  after(async () => {
    await f.ctx.close();
  });

  const ROWS = [
    ['STTTT-DNA', 'Nguyễn Văn An', 'Phó Giám đốc', 'Chính', 'Giờ hành chính', '0251 3822 222', '0903 123 456', 'an.nv@dongnai.gov.vn', '0903123456', '@an_nv', '29/08/2026'],
    ['STTTT-DNA', 'Nguyễn Văn An', 'Phó Giám đốc', 'Chính', 'Ngoài giờ', '', '0903 123 456', '', '', '', '2026-08-01'],
    ['SYT-DNA', 'Trần Thị Bình', '', 'Dự phòng', 'lanh dao', '+84 251 3456 789', '', 'binh.tt@syt.dongnai.gov.vn', '', '', ''],
  ];

  it('imports contacts, treating the same person at different times as different entries', async () => {
    const report = await f.imports.import(f.admin, 'contacts', file(await xlsx(HEADER, ROWS), 'dau-moi.xlsx'), { dryRun: false });
    assert.deepEqual(report.errors, []);
    assert.equal(report.created, 3);
    const { items } = await f.ctx.contacts.list(f.admin, { limit: 50, offset: 0 });
    const an = items.find((c) => c.name === 'Nguyễn Văn An' && c.availability === 'office_hours')!;
    assert.deepEqual([an.priority, an.messaging, an.lastVerifiedAt], ['primary', { zalo: '0903123456', telegram: '@an_nv' }, '2026-08-28T17:00:00.000Z']);
    const binh = items.find((c) => c.name === 'Trần Thị Bình')!;
    assert.deepEqual([binh.priority, binh.availability, binh.phone, binh.messaging], ['backup', 'leadership', '+84 251 3456 789', {}]);
  });

  it('re-imports unchanged, keeps handles of other networks, and clears what an empty cell clears', async () => {
    const { items } = await f.ctx.contacts.list(f.admin, { q: 'Trần Thị Bình', limit: 5, offset: 0 });
    await f.ctx.contacts.update(f.admin, items[0]!.id, { messaging: { signal: '+84903000111' } });
    const same = await f.imports.import(f.admin, 'contacts', file(csv(HEADER, ROWS), 'dau-moi.csv'), { dryRun: false });
    assert.deepEqual([same.errors.length, same.updated, same.unchanged], [0, 0, 3]);

    const edited = ROWS.map((r) => [...r]);
    edited[0]![9] = ''; // remove the Telegram handle
    edited[0]![10] = '30/08/2026';
    const report = await f.imports.import(f.admin, 'contacts', file(csv(HEADER, edited), 'dau-moi.csv'), { dryRun: false });
    assert.deepEqual([report.updated, report.unchanged], [1, 2]);
    const an = (await f.ctx.contacts.list(f.admin, { q: 'Nguyễn Văn An', availability: 'office_hours', limit: 5, offset: 0 })).items[0]!;
    assert.deepEqual([an.messaging, an.lastVerifiedAt], [{ zalo: '0903123456' }, '2026-08-29T17:00:00.000Z']);
    const binh = (await f.ctx.contacts.get(f.admin, items[0]!.id));
    assert.deepEqual(binh.messaging, { signal: '+84903000111' });
  });

  it('reports bad vocabulary, dates, phones, duplicates and agencies outside the scope', async () => {
    const actor = await userActor(f.ctx, 'tv.stttt', 'agency_member', f.ids['STTTT-DNA']!);
    const before = await snapshot(f.ctx);
    const rows = [
      ['STTTT-DNA', 'Lê Văn Cường', '', 'Phụ trách', 'Cả ngày', '', '', '', '', '', '31/02/2026'],
      ['STTTT-DNA', 'Phạm Thị Dung', '', 'Chính', 'Ngoài giờ', 'gọi tổng đài', '', 'dung@', '', '', ''],
      ['SYT-DNA', 'Hoàng Văn Em', '', 'Chính', 'Ngoài giờ', '', '', '', '', '', ''],
      ['STTTT-DNA', 'PHẠM THỊ DUNG', '', 'Dự phòng', 'out_of_hours', '', '', '', '', '', ''],
    ];
    const report = await f.imports.import(actor, 'contacts', file(csv(HEADER, rows), 'loi.csv'), { dryRun: false });
    const got = report.errors.map((e) => `${e.row} ${e.column}: ${e.message}`);
    const expect = [
      /^2 Vai trò: "Phụ trách" is not an allowed value; use one of: Chính, Dự phòng$/,
      /^2 Thời gian: "Cả ngày" is not an allowed value; use one of: Giờ hành chính, Ngoài giờ, Lãnh đạo$/,
      /^2 Xác minh lần cuối: "31\/02\/2026" is not a date/,
      /^3 Điện thoại: is not a valid phone number$/,
      /^3 Email: is not a valid email address$/,
      /^4 Mã cơ quan: unknown agency code "SYT-DNA"/,
      /^5 Họ tên: row 3 already has the same agency, name and availability/,
    ];
    assert.equal(got.length, expect.length, got.join('\n'));
    expect.forEach((re, i) => assert.match(got[i]!, re));
    assert.deepEqual(await snapshot(f.ctx), before);
  });
});
