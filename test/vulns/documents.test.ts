import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { docxToPdf, findSoffice } from '../../server/src/incidents/documents/to-pdf.ts';
import { boardFigures, type TargetStatus } from '../../server/src/vulns/warnings/target-status.ts';
import {
  LETTER_CVE_CAP, subjectLine, warningBoardDocx, warningBoardXlsx, warningLetterDocx,
  type BoardSystemRow, type WarningAdvisoryRow, type WarningBoardData, type WarningLetterData,
} from '../../server/src/vulns/documents/index.ts';
import { documentText, xmlProblem, zipParts } from '../helpers/docx.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const ISSUED = new Date('2023-07-13T02:30:00Z'); // 09:30, 13/07/2023 in Hà Nội
const DEADLINE = new Date('2023-07-28T10:00:00Z'); // 17:00, 28/07/2023

// July 2023 Patch Tuesday: all three were exploited in the wild when published.
const advisories: WarningAdvisoryRow[] = [
  {
    cve: 'CVE-2023-32046', title: 'Windows MSHTML Platform Elevation of Privilege Vulnerability', vendor: 'Microsoft', product: 'Windows Server 2019',
    cvssScore: 7.8, severity: 'high', exploited: true, kbs: ['KB5028168'], fixedBuilds: ['Windows Server 2019: 10.0.17763.4645'],
  },
  {
    cve: 'CVE-2023-36884', title: 'Office and Windows HTML Remote Code Execution Vulnerability', vendor: 'Microsoft', product: 'Microsoft Office 2019',
    cvssScore: 8.8, severity: 'high', exploited: true, kbs: [], fixedBuilds: [],
  },
  {
    cve: 'CVE-2023-35311', title: 'Microsoft Outlook Security Feature Bypass Vulnerability', vendor: 'Microsoft', product: 'Outlook 2016',
    cvssScore: 8.8, severity: 'high', exploited: true, kbs: ['KB5002427'], fixedBuilds: [],
  },
];

const letter: WarningLetterData = {
  issuer: { parent: 'UBND tỉnh Đồng Nai', name: 'Sở Thông tin và Truyền thông' },
  number: 'CB-2023-7',
  numberSymbol: 'STTTT-CNTT',
  placeName: 'Đồng Nai',
  timeZone: TZ,
  mottoCountry: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  mottoSlogan: 'Độc lập - Tự do - Hạnh phúc',
  issuedAt: ISSUED,
  title: 'Lỗ hổng trong các sản phẩm Microsoft công bố tháng 7/2023',
  body: 'Microsoft đã phát hành bản vá tháng 7/2023.\n\nRiêng CVE-2023-36884 chưa có bản vá; áp dụng biện pháp giảm thiểu theo hướng dẫn của Microsoft.',
  deadline: DEADLINE,
  recipients: ['Sở Y tế tỉnh Đồng Nai'],
  advisories,
  systems: [
    {
      systemName: 'Máy chủ Exchange', agencyName: 'Sở Y tế', matchStatus: 'possibly_affected', cves: ['CVE-2023-36884'],
      reasons: ['Tên sản phẩm "Exchange Server" khớp, chưa khai báo phiên bản'],
    },
    {
      systemName: 'Cổng dịch vụ công (Windows Server 2019)', agencyName: 'Sở Y tế', matchStatus: 'affected', cves: ['CVE-2023-32046'],
      reasons: ['Windows Server 2019 bản dựng 10.0.17763.4377 < 10.0.17763.4645'],
    },
  ],
  viewLink: 'https://vigil.dongnai.gov.vn/warnings/w7',
  signer: { authority: 'KT. GIÁM ĐỐC', title: 'Phó Giám đốc', name: 'Nguyễn Văn Bình' },
  archiveLine: 'Lưu: VT, CNTT',
};

function open(buf: Buffer): { text: string; flat: string; lines: string[] } {
  assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK', 'a DOCX is a zip');
  const parts = zipParts(buf);
  for (const [name, content] of parts) if (name.endsWith('.xml') || name.endsWith('.rels')) assert.equal(xmlProblem(content), null, `${name} is well-formed`);
  const text = documentText(parts.get('word/document.xml')!);
  return { text, flat: text.replace(/\s+/g, ' '), lines: text.split('\n') };
}

/** The paragraphs (table cells among them) between two heading lines. */
function between(lines: string[], from: string, to?: string): string[] {
  const a = lines.indexOf(from);
  const b = to ? lines.indexOf(to, a + 1) : lines.length;
  assert.ok(a >= 0 && b > a, `${from} … ${to} present`);
  return lines.slice(a, b);
}

describe('warning letter (DOCX)', () => {
  it('is an official công văn: header, V/v, Kính gửi, opening, request with deadline and link, signature, two appendices', async () => {
    const { flat, lines } = open(await warningLetterDocx(letter));
    assert.match(flat, /UBND TỈNH ĐỒNG NAI SỞ THÔNG TIN VÀ TRUYỀN THÔNG/);
    assert.match(flat, /Số: CB-2023-7\/STTTT-CNTT V\/v cảnh báo lỗ hổng trong các sản phẩm Microsoft công bố tháng 7\/2023/);
    assert.match(flat, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc/);
    assert.match(flat, /Đồng Nai, ngày 13 tháng 7 năm 2023/);
    assert.match(flat, /Kính gửi: Sở Y tế tỉnh Đồng Nai\./);
    assert.match(flat, /Sở Thông tin và Truyền thông cảnh báo 3 lỗ hổng bảo mật \(chi tiết tại Phụ lục I\), trong đó có 3 lỗ hổng mức Cao, 3 lỗ hổng đã bị khai thác trong thực tế\. Các lỗ hổng này đang bị lợi dụng để tấn công/);
    assert.match(flat, /có 2 hệ thống của Quý cơ quan bị ảnh hưởng hoặc có thể bị ảnh hưởng \(trong đó 1 hệ thống có thể bị ảnh hưởng do chưa rõ phiên bản\)/);
    // The coordinator's two paragraphs stay two paragraphs.
    assert.ok(lines.includes('Microsoft đã phát hành bản vá tháng 7/2023.'));
    assert.ok(lines.some((l) => l.startsWith('Riêng CVE-2023-36884 chưa có bản vá')));
    assert.match(flat, /Đề nghị Quý cơ quan kiểm tra, cập nhật bản vá .* và cập nhật tình trạng xử lý trên hệ thống Vigil trước 17 giờ 00 phút, ngày 28\/07\/2023 tại địa chỉ https:\/\/vigil\.dongnai\.gov\.vn\/warnings\/w7\./);
    assert.match(flat, /Không bị ảnh hưởng \(nêu lý do\); Đã khắc phục \(nêu bản vá\/KB/);
    assert.match(flat, /Nơi nhận: - Như trên; - Lưu: VT, CNTT\. KT\. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Văn Bình/);
    assert.match(flat, /Phụ lục I DANH SÁCH LỖ HỔNG BẢO MẬT ĐƯỢC CẢNH BÁO \(Kèm theo Công văn số CB-2023-7\/STTTT-CNTT ngày 13\/07\/2023 của Sở Thông tin và Truyền thông\)/);

    // Phụ lục I: the most urgent first (all exploited: CVSS 8.8 before 7.8, then by id).
    const cves = between(lines, 'Phụ lục I', 'Phụ lục II');
    const head = cves.indexOf('Bản vá/KB');
    assert.deepEqual(cves.slice(head - 6, head + 1), ['STT', 'Mã CVE', 'Sản phẩm', 'CVSS', 'Mức độ', 'Đã bị khai thác', 'Bản vá/KB']);
    // A line break inside a cell reads as a line of its own here.
    assert.deepEqual(cves.slice(head + 1, head + 23), [
      '1', 'CVE-2023-35311', 'Microsoft Outlook 2016', '8,8', 'Cao', 'Có', 'KB5002427',
      '2', 'CVE-2023-36884', 'Microsoft Office 2019', '8,8', 'Cao', 'Có', 'Theo khuyến cáo của nhà sản xuất',
      '3', 'CVE-2023-32046', 'Microsoft Windows Server 2019', '7,8', 'Cao', 'Có', 'KB5028168', 'Windows Server 2019: 10.0.17763.4645',
    ]);

    // Phụ lục II: sorted by agency then system; the matcher's status in Vietnamese and its reasons.
    const sys = between(lines, 'Phụ lục II');
    const h2 = sys.indexOf('Căn cứ');
    assert.deepEqual(sys.slice(h2 - 5, h2 + 13), [
      'STT', 'Hệ thống', 'Đơn vị', 'Tình trạng khớp', 'CVE', 'Căn cứ',
      '1', 'Cổng dịch vụ công (Windows Server 2019)', 'Sở Y tế', 'Bị ảnh hưởng', 'CVE-2023-32046', 'Windows Server 2019 bản dựng 10.0.17763.4377 < 10.0.17763.4645',
      '2', 'Máy chủ Exchange', 'Sở Y tế', 'Có thể bị ảnh hưởng (chưa rõ phiên bản)', 'CVE-2023-36884', 'Tên sản phẩm "Exchange Server" khớp, chưa khai báo phiên bản',
    ]);
  });

  it('says only what is true: no "khai thác" claim for unexploited medium CVEs, no deadline, no systems', async () => {
    const { flat } = open(await warningLetterDocx({
      ...letter, deadline: null, systems: [], body: '',
      advisories: [{ ...advisories[0]!, exploited: false, severity: 'medium', cvssScore: 5.5 }, { ...advisories[1]!, exploited: false, severity: 'critical', cvssScore: 9.8 }],
    }));
    assert.match(flat, /cảnh báo 2 lỗ hổng bảo mật \(chi tiết tại Phụ lục I\), trong đó có 1 lỗ hổng mức Nghiêm trọng\. Các lỗ hổng này có mức độ nguy hiểm cao/);
    assert.doesNotMatch(flat, /khai thác trong thực tế/);
    assert.match(flat, /trên hệ thống Vigil trong thời gian sớm nhất tại địa chỉ/);
    assert.match(flat, /chưa xác định được hệ thống nào của Quý cơ quan bị ảnh hưởng/);
    assert.match(flat, /9,8 Nghiêm trọng Không/);
    assert.match(flat, /5,5 Trung bình Không/);
  });

  it('survives hostile text and huge inputs: control characters stripped, long strings cut, tables capped with a count', async () => {
    const nasty = 'Cổng\u0000 thông\u0007 tin\u001b[31m\ud800 <w:p>&amp; ]]>';
    const many: WarningAdvisoryRow[] = Array.from({ length: 3000 }, (_, i) => ({
      cve: `CVE-2099-${String(10000 + i)}`, title: nasty, vendor: i % 2 ? null : 'Vendor\u0001', product: i % 3 ? 'x'.repeat(100_000) : null,
      cvssScore: i % 7 ? (i % 100) / 10 : null, severity: (['critical', 'high', 'medium', 'low', 'none', null] as const)[i % 6]!, exploited: i % 5 === 0,
      kbs: Array.from({ length: 50 }, (_, k) => `KB${5000000 + k}`), fixedBuilds: [nasty],
    }));
    const t0 = performance.now();
    const buf = await warningLetterDocx({
      ...letter,
      title: `=cmd|' /C calc'!A0 ${nasty} ${'y'.repeat(50_000)}`,
      body: `${nasty}\n\n`.repeat(500) + 'z'.repeat(1_000_000),
      recipients: [nasty, ''],
      advisories: many,
      systems: Array.from({ length: 1500 }, (_, i) => ({
        systemName: `${nasty} ${i}`, agencyName: `Đơn vị ${i % 40}`, matchStatus: i % 2 ? 'affected' : 'possibly_affected',
        cves: Array.from({ length: 30 }, (_, k) => `CVE-2099-${10000 + k}`), reasons: [nasty, 'r'.repeat(10_000)],
      })),
      viewLink: 'https://vigil.example/w\u0000/1',
    });
    assert.ok(performance.now() - t0 < 60_000);
    const { text, flat } = open(buf);
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'no control characters');
    assert.match(flat, /Cổng thông tin\[31m <w:p>&amp; \]\]>/, 'markup stays text');
    assert.match(flat, /\(Danh sách chỉ liệt kê 500\/3\.000 lỗ hổng; còn 2\.500 lỗ hổng khác, xem đầy đủ trên hệ thống Vigil\.\)/);
    assert.match(flat, /\(Danh sách chỉ liệt kê 1\.000\/1\.500 hệ thống; còn 500 hệ thống khác/);
    const appendix = text.slice(text.indexOf('\nPhụ lục I\n'), text.indexOf('\nPhụ lục II\n'));
    const rows = appendix.match(/^CVE-2099-\d+$/gm) ?? [];
    assert.equal(rows.length, LETTER_CVE_CAP);
    // Exploited first: every shown row is one of the 600 exploited ones, the unexploited dropped.
    assert.ok(rows.every((r) => (Number(r.slice(9)) - 10000) % 5 === 0));
    assert.match(appendix, /KB5000005 \(\+44\)/, 'a cell lists at most a few KBs and counts the rest');
    assert.ok(!text.includes('x'.repeat(400)), 'long product names are cut');
    assert.ok(!text.includes('z'.repeat(20_001)), 'the body is bounded');
    assert.ok(buf.length < 8 * 1024 * 1024, `${buf.length} bytes`);
  });

  it('builds the V/v line without saying "cảnh báo" twice', () => {
    assert.equal(subjectLine('Cảnh báo lỗ hổng Exchange'), 'V/v cảnh báo lỗ hổng Exchange');
    assert.equal(subjectLine('Lỗ hổng Exchange'), 'V/v cảnh báo lỗ hổng Exchange');
    assert.equal(subjectLine('Microsoft tháng 7/2023'), 'V/v cảnh báo lỗ hổng bảo mật: Microsoft tháng 7/2023');
    assert.equal(subjectLine('\u0000 '), 'V/v cảnh báo lỗ hổng bảo mật');
  });
});

const UPDATED = new Date('2023-07-20T07:05:00Z'); // 14:05, 20/07/2023
const sys = (agencyName: string, systemName: string, status: TargetStatus, extra: Partial<BoardSystemRow> = {}): BoardSystemRow => ({
  agencyName, systemName, status, matchStatus: 'affected', cves: ['CVE-2023-32046'], detail: '', riskApprover: null, riskExpiresOn: null,
  updatedAt: UPDATED, overdue: false, ...extra,
});
const boardSystems: BoardSystemRow[] = [
  sys('Sở Y tế', 'Cổng dịch vụ công', 'fixed', { detail: 'KB5028168' }),
  sys('Sở Y tế', 'Máy chủ Exchange', 'affected', { overdue: true, cves: ['CVE-2023-36884', 'CVE-2023-35311'], matchStatus: 'possibly_affected', detail: '=HYPERLINK("http://evil.example","bấm")' }),
  sys('Sở Y tế', 'Máy chủ tệp', 'not_affected', { detail: 'không dùng Exchange' }),
  sys('Sở Tài chính', 'Hệ thống kế toán', 'received', { overdue: true, updatedAt: null }),
  sys('Sở Tài chính', 'Máy chủ in', 'risk_accepted', { riskApprover: '@SUM(1+1) Trần Văn C', riskExpiresOn: '2023-09-30', detail: '+84 cô lập mạng' }),
];
const figuresOf = (agency: string | null) => boardFigures(boardSystems.filter((s) => agency === null || s.agencyName === agency).map((s) => s.status), true);
const board: WarningBoardData = {
  organization: 'Sở Thông tin và Truyền thông tỉnh Đồng Nai',
  number: 'CB-2023-7/STTTT-CNTT',
  title: 'Lỗ hổng trong các sản phẩm Microsoft công bố tháng 7/2023',
  issuedAt: ISSUED,
  deadline: DEADLINE,
  generatedAt: new Date('2023-07-29T01:00:00Z'),
  timeZone: TZ,
  totals: figuresOf(null),
  agencies: [{ agencyName: 'Sở Y tế', ...figuresOf('Sở Y tế') }, { agencyName: 'Sở Tài chính', ...figuresOf('Sở Tài chính') }],
  systems: boardSystems,
};

/** exceljs's types want an ArrayBuffer-backed Buffer; ours is a plain Node Buffer, which it reads fine. */
async function loadXlsx(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('warning board (XLSX)', () => {
  it('has "Tổng hợp" and "Chi tiết" with titles, numbers as numbers, percentages, a total row, frozen filterable headers', async () => {
    const wb = await loadXlsx(await warningBoardXlsx(board));
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['Tổng hợp', 'Chi tiết']);
    const sum = wb.getWorksheet('Tổng hợp')!;
    assert.equal(sum.getCell('A1').value, 'TÌNH HÌNH KHẮC PHỤC LỖ HỔNG THEO CẢNH BÁO SỐ CB-2023-7/STTTT-CNTT');
    assert.equal(sum.getCell('A2').value, board.title);
    assert.equal(sum.getCell('A3').value, 'Ngày ban hành: 13/07/2023 09:30 · Hạn xử lý: 28/07/2023 17:00');
    assert.equal(sum.getCell('A4').value, 'Sở Thông tin và Truyền thông tỉnh Đồng Nai — lập lúc 29/07/2023 08:00');
    const row = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    assert.deepEqual(row(sum, 6), ['Đơn vị', 'Số hệ thống', 'Chưa xác nhận', 'Đã tiếp nhận', 'Bị ảnh hưởng', 'Không ảnh hưởng', 'Đã khắc phục', 'Chấp nhận rủi ro', 'Quá hạn', '% khắc phục']);
    // Vietnamese order: "Tài chính" before "Y tế". Sở Y tế: 1 of 2 needing a fix is fixed → 50 %.
    assert.deepEqual(row(sum, 7), ['Sở Tài chính', 2, 1, 1, 0, 0, 0, 1, 1, 0]);
    assert.deepEqual(row(sum, 8), ['Sở Y tế', 3, 0, 3, 1, 1, 1, 0, 1, 0.5]);
    assert.deepEqual(row(sum, 9), ['Tổng cộng', 5, 1, 4, 1, 1, 1, 1, 2, 0.25]);
    assert.equal(sum.getCell('J8').numFmt, '0.0%');
    assert.equal(sum.getRow(9).font?.bold, true);
    assert.equal(sum.views[0]?.state, 'frozen');
    assert.equal((sum.views[0] as { ySplit?: number }).ySplit, 6);
    assert.ok(sum.autoFilter, 'an autofilter');
    assert.ok((sum.getColumn(1).width ?? 0) >= 30);

    const det = wb.getWorksheet('Chi tiết')!;
    assert.deepEqual(row(det, 6), ['Đơn vị', 'Hệ thống', 'Tình trạng', 'Khớp', 'CVE', 'Chi tiết', 'Người phê duyệt', 'Hết hạn chấp nhận', 'Cập nhật lúc', 'Quá hạn']);
    const rows = [7, 8, 9, 10, 11].map((n) => row(det, n));
    assert.deepEqual(rows.map((r) => [r[0], r[1], r[2]]), [
      ['Sở Tài chính', 'Hệ thống kế toán', 'Đã gửi, chưa xác nhận'],
      ['Sở Tài chính', 'Máy chủ in', 'Chấp nhận rủi ro'],
      ['Sở Y tế', 'Cổng dịch vụ công', 'Đã khắc phục'],
      ['Sở Y tế', 'Máy chủ Exchange', 'Bị ảnh hưởng, đang xử lý'],
      ['Sở Y tế', 'Máy chủ tệp', 'Không bị ảnh hưởng'],
    ]);
    assert.equal(rows[3]![3], 'Có thể bị ảnh hưởng (chưa rõ phiên bản)');
    assert.equal(rows[3]![4], 'CVE-2023-36884, CVE-2023-35311');
    assert.equal(rows[3]![9], 'Có');
    assert.equal(rows[0]![8], undefined, 'never updated: an empty cell');
    // Formula injection: the agency's text starts with an apostrophe, and no cell is a formula.
    assert.equal(rows[3]![5], `'=HYPERLINK("http://evil.example","bấm")`);
    assert.equal(rows[1]![6], "'@SUM(1+1) Trần Văn C");
    assert.equal(rows[1]![5], "'+84 cô lập mạng");
    for (const ws of wb.worksheets) ws.eachRow((r) => r.eachCell((c) => assert.notEqual(c.type, ExcelJS.ValueType.Formula, `${ws.name}!${c.address}`)));
    // Dates are dates, at Hà Nội wall-clock time.
    assert.deepEqual(rows[1]![7], new Date(Date.UTC(2023, 8, 30)));
    assert.deepEqual(rows[2]![8], new Date(Date.UTC(2023, 6, 20, 14, 5)));
    assert.equal(det.getCell('I9').numFmt, 'dd/mm/yyyy hh:mm');
  });

  it('neutralises every trigger character and cleans hostile names; a dash where nothing needed fixing', async () => {
    const hostile = ['=1+1', '+1', '-1', '@A1', '\u0000=2', 'a\u0007b'];
    const wb = await loadXlsx(await warningBoardXlsx({
      ...board, number: '=EVIL()', totals: boardFigures(['not_affected'], false),
      agencies: hostile.map((agencyName) => ({ agencyName, ...boardFigures(['not_affected'], false) })),
      systems: hostile.map((n) => sys(n, n, 'not_affected')),
    }));
    const sum = wb.getWorksheet('Tổng hợp')!;
    assert.equal(sum.getCell('A1').value, 'TÌNH HÌNH KHẮC PHỤC LỖ HỔNG THEO CẢNH BÁO SỐ =EVIL()', 'not at the start: harmless');
    const names = [7, 8, 9, 10, 11, 12].map((n) => sum.getCell(`A${n}`).value as string).sort();
    assert.deepEqual(names, ["'+1", "'-1", "'=1+1", "'=2", "'@A1", 'ab'].sort());
    assert.equal(sum.getCell('J7').value, '—');
  });
});

describe('warning board (DOCX report)', () => {
  it('reports the figures per agency, the open systems overdue first, and the risks accepted', async () => {
    const { flat, lines } = open(await warningBoardDocx(board));
    assert.match(flat, /SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH ĐỒNG NAI Số: \/BC/);
    assert.match(flat, /Ngày 29 tháng 7 năm 2023/);
    assert.match(flat, /BÁO CÁO Tình hình khắc phục lỗ hổng theo cảnh báo số CB-2023-7\/STTTT-CNTT/);
    assert.match(flat, /Cảnh báo lỗ hổng số CB-2023-7\/STTTT-CNTT ngày 13\/07\/2023: Lỗ hổng trong các sản phẩm Microsoft công bố tháng 7\/2023; hạn cập nhật tình trạng xử lý: 17 giờ 00 phút, ngày 28\/07\/2023\./);
    assert.match(flat, /gửi tới 2 cơ quan, đơn vị với 5 hệ thống .*; 1 hệ thống chưa được đơn vị xác nhận\. Đến thời điểm báo cáo: đã khắc phục 1 hệ thống \(25,0% số hệ thống bị ảnh hưởng\), 1 hệ thống không bị ảnh hưởng, 1 hệ thống chấp nhận rủi ro; còn 2 hệ thống chưa xử lý xong, trong đó 2 hệ thống đã quá hạn\./);
    const summary = between(lines, 'I. TỔNG HỢP THEO ĐƠN VỊ', 'II. CÁC HỆ THỐNG CHƯA XỬ LÝ XONG');
    const h = summary.indexOf('% khắc phục');
    assert.deepEqual(summary.slice(h + 1, h + 31), [
      'Sở Tài chính', '2', '1', '1', '0', '0', '0', '1', '1', '0,0%',
      'Sở Y tế', '3', '0', '3', '1', '1', '1', '0', '1', '50,0%',
      'Tổng cộng', '5', '1', '4', '1', '1', '1', '1', '2', '25,0%',
    ]);
    const open2 = between(lines, 'II. CÁC HỆ THỐNG CHƯA XỬ LÝ XONG', 'III. CÁC HỆ THỐNG CHẤP NHẬN RỦI RO');
    const h2 = open2.indexOf('Quá hạn');
    assert.deepEqual(open2.slice(h2 + 1), [
      '1', 'Sở Tài chính', 'Hệ thống kế toán', 'Đã gửi, chưa xác nhận', 'CVE-2023-32046', 'Chưa cập nhật', 'Quá hạn',
      '2', 'Sở Y tế', 'Máy chủ Exchange', 'Bị ảnh hưởng, đang xử lý', 'CVE-2023-36884', 'CVE-2023-35311', '20/07/2023 14:05', 'Quá hạn',
    ]);
    assert.match(flat, /III\. CÁC HỆ THỐNG CHẤP NHẬN RỦI RO .* 1 Sở Tài chính Máy chủ in \+84 cô lập mạng @SUM\(1\+1\) Trần Văn C 30\/09\/2023/);
  });

  it('says when nothing is open and leaves out the risk section when there is none', async () => {
    const done = boardSystems.filter((s) => s.status === 'fixed' || s.status === 'not_affected');
    const { flat } = open(await warningBoardDocx({ ...board, deadline: null, systems: done, totals: boardFigures(done.map((s) => s.status), false) }));
    assert.match(flat, /không còn hệ thống nào chưa xử lý xong\./);
    assert.match(flat, /Không còn hệ thống nào chưa xử lý xong\./);
    assert.doesNotMatch(flat, /CHẤP NHẬN RỦI RO/);
    assert.doesNotMatch(flat, /hạn cập nhật/);
  });
});

const soffice = findSoffice();
const pdftotext = spawnSync('pdftotext', ['-v']).error ? null : 'pdftotext';

describe('warning letter: PDF through LibreOffice', { skip: soffice ? false : 'LibreOffice (soffice) is not installed' }, () => {
  it('converts to a PDF that carries the subject and the appendices', { timeout: 180_000 }, async () => {
    const pdf = await docxToPdf(await warningLetterDocx(letter), { timeoutMs: 120_000 });
    assert.ok(pdf, 'a PDF');
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    if (!pdftotext) return;
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pdftext-'));
    try {
      writeFileSync(join(dir, 'a.pdf'), pdf);
      const text = spawnSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      assert.match(text, /V\/v cảnh báo lỗ hổng trong các sản phẩm Microsoft công bố tháng 7\/2023/);
      assert.match(text, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
      assert.match(text, /DANH SÁCH LỖ HỔNG BẢO MẬT ĐƯỢC CẢNH BÁO/);
      assert.match(text, /CVE-2023-36884/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
