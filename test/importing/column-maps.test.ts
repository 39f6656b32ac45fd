import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldText, headerKey, neutraliseFormula, stripFormulaGuard } from '../../server/src/importing/cell-text.ts';
import { matchHeader } from '../../server/src/importing/column-spec.ts';
import { IMPORT_COLUMNS, IMPORT_TABLES } from '../../server/src/importing/import-columns.ts';
import {
  isProblem, parseBoolean, parseDate, parseLevel, parseSoftware, splitUrls, formatVnDate,
} from '../../server/src/importing/value-parsers.ts';

/** Column maps and cell parsers, without a database. */

describe('header matching', () => {
  it('folds case, diacritics, đ, spaces, underscores and camelCase', () => {
    assert.equal(foldText('  Điện   thoại_TIẾP nhận '), 'dien thoai tiep nhan');
    for (const h of ['Mã cơ quan chủ quản', 'MA CO QUAN CHU QUAN', 'ma_co_quan_chu_quan', 'Owner agency code', 'ownerAgencyCode']) {
      const { headerOf, problems } = matchHeader(IMPORT_TABLES.systems.columns, [h, 'Tên hệ thống', 'Cấp độ']);
      assert.deepEqual(problems, [], h);
      assert.equal(headerOf.get('ownerCode'), h);
    }
  });

  it('no two columns of a kind share a header or alias', () => {
    for (const [kind, table] of Object.entries(IMPORT_TABLES)) {
      const seen = new Map<string, string>();
      for (const c of table.columns) {
        for (const name of [c.header, ...c.aliases]) {
          const k = headerKey(name);
          assert.ok(!seen.has(k) || seen.get(k) === c.key, `${kind}: "${name}" is ambiguous`);
          seen.set(k, c.key);
        }
      }
    }
  });

  it('reports unknown, repeated and missing columns', () => {
    const { problems } = matchHeader(IMPORT_TABLES.contacts.columns, ['Ho ten', 'Name', 'Vai tro', 'Thoi gian', 'Ghi chú']);
    assert.deepEqual(problems.map((p) => p.column), ['Name', 'Ghi chú', 'Mã cơ quan']);
    assert.match(problems[0]!.message, /repeats the column "Ho ten"/);
    assert.match(problems[1]!.message, /unknown column "Ghi chú"; the columns for this import are: Mã cơ quan, Họ tên/);
  });

  it('describes the columns for the web UI', () => {
    assert.deepEqual(IMPORT_COLUMNS.agencies.map((c) => c.header), [
      'Mã cơ quan', 'Tên cơ quan', 'Mã cơ quan cấp trên', 'Loại', 'Địa chỉ', 'Email tiếp nhận sự cố', 'Điện thoại tiếp nhận sự cố',
    ]);
    assert.ok(IMPORT_COLUMNS.systems.find((c) => c.key === 'securityLevel')!.required);
  });
});

describe('cell parsers', () => {
  it('security levels', () => {
    for (const [cell, level] of [['3', 3], ['Cấp 3', 3], ['cap do 4', 4], ['Level 2', 2], ['IV', 4], ['5.0', 5], ['7', 7]] as const) {
      assert.equal(parseLevel(cell), level, cell);
    }
    assert.ok(isProblem(parseLevel('cao')));
  });

  it('yes/no in Vietnamese and English', () => {
    for (const t of ['Có', 'co', 'x', 'X', 'yes', 'TRUE', '1']) assert.equal(parseBoolean(t), true, t);
    for (const t of ['Không', 'khong', '', 'no', 'false', '0']) assert.equal(parseBoolean(t), false, t);
    assert.ok(isProblem(parseBoolean('có lẽ')));
  });

  it('dates: dd/mm/yyyy as a Vietnamese calendar day, ISO with or without time', () => {
    assert.deepEqual(parseDate('29/08/2026'), { iso: '2026-08-28T17:00:00.000Z', dateOnly: true });
    assert.deepEqual(parseDate('1-9-2026'), { iso: '2026-08-31T17:00:00.000Z', dateOnly: true });
    assert.deepEqual(parseDate('2026-08-29'), { iso: '2026-08-28T17:00:00.000Z', dateOnly: true });
    assert.deepEqual(parseDate('29/08/2026 14:30'), { iso: '2026-08-29T07:30:00.000Z', dateOnly: false });
    assert.deepEqual(parseDate('2026-08-29T03:15:00Z'), { iso: '2026-08-29T03:15:00.000Z', dateOnly: false });
    for (const bad of ['31/02/2026', '29/13/2026', '08/29/26', 'hôm qua', '2026-02-30']) assert.ok(isProblem(parseDate(bad)), bad);
    assert.equal(formatVnDate(new Date('2026-08-28T17:00:00.000Z')), '29/08/2026');
  });

  it('software entries and URL lists', () => {
    assert.deepEqual(parseSoftware('Microsoft|IIS|10.0; Oracle | MySQL\nApache|Tomcat||cpe:2.3:a:apache:tomcat:*:*:*:*:*:*:*:*'), [
      { vendor: 'Microsoft', product: 'IIS', version: '10.0', cpe: null },
      { vendor: 'Oracle', product: 'MySQL', version: null, cpe: null },
      { vendor: 'Apache', product: 'Tomcat', version: null, cpe: 'cpe:2.3:a:apache:tomcat:*:*:*:*:*:*:*:*' },
    ]);
    assert.ok(isProblem(parseSoftware('chỉ có hãng')));
    assert.deepEqual(splitUrls('https://a.vn/x?a=1,2;b=3; https://b.vn,http://c.vn\nhttps://a.vn/x?a=1,2;b=3'), [
      'https://a.vn/x?a=1,2;b=3', 'https://b.vn', 'http://c.vn',
    ]);
  });

  it('formula guard round trip', () => {
    for (const v of ['=1+2', '+84 903', '-5', '@SUM', '\tx', '\rx', 'bình thường', "'trích dẫn", '']) {
      assert.equal(stripFormulaGuard(neutraliseFormula(v)), v, JSON.stringify(v));
    }
    assert.equal(neutraliseFormula('=1+2'), "'=1+2");
  });
});
