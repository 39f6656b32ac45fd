import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { placeDateLine, vnDateTime } from '../../server/src/documents/official-docx.ts';
import {
  DEFAULT_DOCUMENT_SETTINGS, docxToPdf, findSoffice, INCIDENT_TYPES, mau05Totals, PdfConversionError, renderMau03Docx, renderMau04Docx,
  renderMau05Docx, renderNoticeEmail, resolveDocumentSettings, type Mau03Data, type Mau04Data, type Mau05Data,
} from '../../server/src/incidents/documents/index.ts';
import { documentText, xmlProblem, zipParts } from '../helpers/docx.ts';

const MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const SLOGAN = 'Độc lập - Tự do - Hạnh phúc';

const mau03: Mau03Data = {
  reportNumber: '15/BC-TTCNTT',
  reportTime: '2026-03-05T09:30:00+07:00',
  recipients: ['Cơ quan điều phối quốc gia (VNCERT/CC)', 'Sở Khoa học và Công nghệ tỉnh Đồng Nai'],
  reporter: { name: 'Trung tâm Công nghệ thông tin và Truyền thông', address: 'Số 2, đường Nguyễn Văn Trị, Tp. Biên Hòa', phone: '0251 3822 123', email: 'ttcntt@example.gov.vn' },
  contact: { name: 'Nguyễn Văn An', title: 'Phó Trưởng phòng Hạ tầng', phone: '0912 345 678', email: 'an.nv@example.gov.vn' },
  operator: { name: 'Trung tâm Công nghệ thông tin và Truyền thông', address: 'Tp. Biên Hòa' },
  owner: { name: 'Sở Khoa học và Công nghệ tỉnh Đồng Nai' },
  systemName: 'Cổng thông tin điện tử tỉnh',
  securityLevel: 3,
  incidentType: 'defacement',
  description: 'Trang chủ bị thay đổi giao diện, chèn liên kết quảng cáo cờ bạc vào chân trang.',
  detectedAt: '2026-03-05T07:45:00+07:00',
  handled: false,
  detectionMethods: ['notified', 'log_review'],
  detectionNotifiedBy: 'Hệ thống giám sát Vigil',
  alreadyNotified: { member: true, vncert: true, others: ['Công an tỉnh'] },
  os: 'Ubuntu Server 22.04 LTS',
  services: ['HTTPS (nginx)', 'PHP-FPM'],
  existingMeasures: 'Tường lửa ứng dụng web, phần mềm phòng chống mã độc',
  publicIps: ['203.0.113.10'],
  domains: ['portal.example.gov.vn'],
  attachments: ['anh-chup-trang-chu.png'],
  confidential: true,
  supportRequested: 'Đề nghị hỗ trợ phân tích mã độc.',
};

const mau04: Mau04Data = {
  reportNumber: '21/BC-TTCNTT',
  reportDate: '2026-03-09T16:00:00+07:00',
  reporter: { name: 'Trung tâm Công nghệ thông tin và Truyền thông' },
  contact: { name: 'Nguyễn Văn An' },
  initialReport: { number: '15/BC-TTCNTT', date: '2026-03-05T09:30:00+07:00' },
  systemName: 'Cổng thông tin điện tử tỉnh',
  title: 'Cổng thông tin điện tử bị thay đổi giao diện',
  incidentType: 'defacement',
  detectedAt: '2026-03-05T07:45:00+07:00',
  respondedAt: '2026-03-06T18:00:00+07:00',
  result: 'Đã gỡ bỏ webshell, khôi phục giao diện từ bản sao lưu, vá lỗ hổng tải tệp.',
  lessons: 'Rà soát lỗ hổng tối thiểu 06 tháng/lần.',
};

const mau05: Mau05Data = {
  reportNumber: '30',
  period: '6 tháng đầu năm 2026',
  reportDate: '2026-06-15T10:00:00+07:00',
  rows: [
    { type: 'defacement', count: 12, handledInHouse: 9, helpedDomestic: 3, helpedForeign: 0, referredToNational: 1, estimatedDamage: 15_000_000 },
    { type: 'malware', count: 5, handledInHouse: 4, helpedDomestic: 1, helpedForeign: 0, referredToNational: 0, estimatedDamage: 2_000_000 },
    { type: 'dos', count: 2, handledInHouse: 1, helpedDomestic: 1, helpedForeign: 0, referredToNational: 1 },
  ],
  notes: 'Sự cố chèn nội dung cờ bạc tiếp tục chiếm tỷ lệ lớn.',
};

/** The document part, checked well-formed along with every other XML part. */
function open(buf: Buffer): { xml: string; text: string; flat: string } {
  assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK', 'a DOCX is a zip');
  const parts = zipParts(buf);
  const xml = parts.get('word/document.xml');
  assert.ok(xml, 'word/document.xml is there');
  for (const [name, content] of parts) if (name.endsWith('.xml') || name.endsWith('.rels')) assert.equal(xmlProblem(content), null, `${name} is well-formed`);
  const text = documentText(xml);
  return { xml, text, flat: text.replace(/\s+/g, ' ') };
}

describe('incident documents: Mẫu 03', () => {
  it('has the administrative header, the title, the number and the fields with diacritics intact', async () => {
    const { xml, text, flat } = open(await renderMau03Docx(mau03));
    assert.match(text, new RegExp(MOTTO));
    assert.match(text, new RegExp(SLOGAN));
    assert.match(text, /BÁO CÁO BAN ĐẦU SỰ CỐ AN TOÀN THÔNG TIN MẠNG/);
    assert.match(text, /Số: 15\/BC-TTCNTT/);
    assert.match(text, /Đồng Nai, ngày 05 tháng 3 năm 2026/);
    assert.match(text, /TRUNG TÂM CÔNG NGHỆ THÔNG TIN VÀ TRUYỀN THÔNG/, 'the issuing unit, upper-case');
    assert.match(flat, /Thời điểm phát hiện sự cố \(\*\): 07 giờ 45 phút, ngày 05\/03\/2026/);
    assert.match(flat, /☒ Thay đổi giao diện/);
    assert.match(flat, /☐ Tấn công từ chối dịch vụ/);
    assert.match(flat, /☐ Đã xử lý ☒ Chưa xử lý/);
    assert.match(flat, /☒ Cấp độ 3/);
    assert.match(flat, /☒ Được thông báo từ: Hệ thống giám sát Vigil/);
    assert.match(flat, /☒ Có ☐ Không/, 'confidential');
    assert.match(flat, /Nơi nhận:/);
    assert.match(flat, /Kính gửi:/);
    assert.match(flat, /Nguyễn Văn An/);
    assert.match(xml, /w:rFonts w:ascii="Times New Roman"/);
    assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/, 'A4');
    assert.match(xml, /<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/, 'margins 20/15/20/30 mm');
    assert.match(xml, /<w:i\/>[\s\S]{0,400}Đồng Nai, ngày/, 'the date line is in italics');
  });

  it('prints dotted lines for empty optional fields, never "undefined" or "null"', async () => {
    const minimal = {
      reportTime: '2026-01-07T08:00:00Z', reporter: { name: 'Trường THPT Số 1' }, contact: { name: 'Trần Thị B' }, operator: { name: '' },
      description: 'Máy chủ bị nhiễm mã độc.', detectedAt: '2026-01-07T01:00:00Z', handled: true, detectionMethods: [], alreadyNotified: {}, confidential: false,
    } as unknown as Mau03Data;
    const { text, flat } = open(await renderMau03Docx(minimal));
    assert.doesNotMatch(text, /undefined|null|NaN|Invalid Date/);
    assert.ok(text.includes(`Hệ điều hành: ${DEFAULT_DOCUMENT_SETTINGS.emptyValue}`));
    assert.match(text, /Số:\s+\/BC-SKHCN/, 'a blank number to fill in by hand');
    assert.match(text, /Đồng Nai, ngày 07 tháng 01 năm 2026/, 'zero before days < 10 and months < 3');
    assert.match(flat, /☒ Đã xử lý ☐ Chưa xử lý/);
    assert.match(flat, /☒ Chưa xác định/, 'no level given');
  });

  it('survives hostile text: markup, CDATA ends, control characters, lone surrogates, 100 KB', async () => {
    const hostile = '<w:t>x</w:t></w:r></w:p>]]><![CDATA[ & &amp; "\' \u0000\u0001\u0007\u000b\u001b\u007f\ud800 \uffff end';
    const big = `${hostile}\n${'Mô tả dài. '.repeat(10_000)}`;
    assert.ok(big.length > 100_000);
    const buf = await renderMau03Docx({
      ...mau03,
      reportNumber: '1/BC-<x>&',
      reporter: { ...mau03.reporter, name: `Đơn vị "><script>alert(1)</script>` },
      description: big,
      services: [hostile],
      attachments: ['../../etc/passwd\u0000.png', hostile],
      supportRequested: hostile,
    }, { placeName: 'Đồng Nai<w:p>', signer: { name: hostile } });
    const { xml, text } = open(buf);
    assert.ok(text.includes('<w:t>x</w:t></w:r></w:p>]]><![CDATA[ & &amp;'), 'the hostile text is kept as text');
    assert.ok(text.includes('Số: 1/BC-<x>&'));
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/, 'no control characters reach the XML');
    assert.doesNotMatch(xml, /[\ud800-\udbff](?![\udc00-\udfff])/, 'no lone surrogate');
    assert.ok(text.includes('Mô tả dài. Mô tả dài.'));
  });

  it('takes every text from the settings', async () => {
    const { text } = open(await renderMau03Docx(mau03, {
      placeName: 'Thanh Hóa', mottoCountry: 'QUỐC HIỆU THỬ', mottoSlogan: 'Tiêu ngữ thử', titles: { mau03: 'Tiêu đề thử' },
      formLabels: { mau03: '' }, signer: { authority: 'KT. Giám đốc', title: 'Phó Giám đốc', name: 'Người Ký Thử' }, archiveLine: 'Lưu: VT, ATTT',
      incidentTypeLabels: { defacement: 'Loại thử' },
    }));
    for (const s of ['QUỐC HIỆU THỬ', 'Tiêu ngữ thử', 'TIÊU ĐỀ THỬ', 'Thanh Hóa, ngày 05 tháng 3 năm 2026', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Người Ký Thử', '- Lưu: VT, ATTT.', '☒ Loại thử']) {
      assert.ok(text.includes(s), `has ${s}`);
    }
    assert.ok(!text.includes('Mẫu 03'), 'an empty form label is hidden');
    assert.ok(!text.includes(MOTTO));
  });
});

describe('incident documents: Mẫu 04 and Mẫu 05', () => {
  it('Mẫu 04 cites the initial report by number and date', async () => {
    const { text, flat } = open(await renderMau04Docx(mau04));
    assert.match(text, new RegExp(MOTTO));
    assert.match(text, /BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ/);
    assert.match(text, /Số: 21\/BC-TTCNTT/);
    assert.match(flat, /Căn cứ Báo cáo ban đầu số 15\/BC-TTCNTT ngày 05\/03\/2026/);
    assert.match(flat, /Thời điểm kết thúc ứng phó sự cố: 18 giờ 00 phút, ngày 06\/03\/2026/);
    assert.match(flat, /Loại sự cố: Thay đổi giao diện/);
    assert.match(flat, /Bài học kinh nghiệm/);
    assert.match(text, /Đồng Nai, ngày 09 tháng 3 năm 2026/);
    assert.doesNotMatch(text, /undefined|null/);
  });

  it('Mẫu 05 lists every official type with totals', async () => {
    const { text, xml } = open(await renderMau05Docx(mau05));
    assert.match(text, /BÁO CÁO TỔNG HỢP TÌNH HÌNH SỰ CỐ AN TOÀN THÔNG TIN MẠNG/);
    assert.match(text, /\(6 tháng đầu năm 2026\)/);
    assert.match(text, /Số: 30\/BC-SKHCN/);
    assert.match(text, /UBND TỈNH ĐỒNG NAI/);
    for (const t of INCIDENT_TYPES) assert.ok(text.includes(DEFAULT_DOCUMENT_SETTINGS.incidentTypeLabels[t]), t);
    assert.match(text, /Tổng cộng\n19\n14\n5\n0\n2\n17\.000\.000/);
    assert.match(xml, /<w:tblHeader\/>/, 'the header row repeats on each page');
    const t = mau05Totals([...mau05.rows, { type: 'malware', count: 1, handledInHouse: 1, helpedDomestic: 0, helpedForeign: 0, referredToNational: 0, estimatedDamage: -5 as number }]);
    assert.equal(t.count, 20);
    assert.equal(t.handledInHouse, 15);
  });
});

describe('incident documents: dates and settings', () => {
  it('formats in the configured time zone', () => {
    assert.equal(vnDateTime('2026-03-04T23:30:00Z', 'Asia/Ho_Chi_Minh'), '06 giờ 30 phút, ngày 05/03/2026');
    assert.equal(placeDateLine('Hà Nội', '2026-02-01T03:00:00Z', 'Asia/Ho_Chi_Minh'), 'Hà Nội, ngày 01 tháng 02 năm 2026');
    assert.equal(placeDateLine('Hà Nội', 'not a date', 'Asia/Ho_Chi_Minh'), 'Hà Nội, ngày      tháng      năm      ');
  });

  it('merges partial settings over the defaults', () => {
    const s = resolveDocumentSettings({ placeName: 'Bắc Kạn', signer: { name: 'X' }, titles: { mau04: 'T' }, recipients: undefined });
    assert.equal(s.placeName, 'Bắc Kạn');
    assert.equal(s.signer.name, 'X');
    assert.equal(s.signer.title, DEFAULT_DOCUMENT_SETTINGS.signer.title);
    assert.equal(s.titles.mau03, DEFAULT_DOCUMENT_SETTINGS.titles.mau03);
    assert.deepEqual(s.recipients, DEFAULT_DOCUMENT_SETTINGS.recipients);
  });
});

describe('incident documents: the notice e-mail', () => {
  it('has the [TBSC] subject and summarises Mẫu 03', () => {
    const m = renderNoticeEmail(mau03, { attachmentName: 'mau03.docx', link: 'https://vigil.example/incidents/1' });
    assert.ok(m.subject.startsWith('[TBSC] '), m.subject);
    assert.match(m.subject, /Thay đổi giao diện/);
    assert.match(m.text, /Kính gửi: Cơ quan điều phối quốc gia \(VNCERT\/CC\); Sở Khoa học/);
    assert.match(m.text, /- Thời điểm phát hiện: 07 giờ 45 phút, ngày 05\/03\/2026/);
    assert.match(m.text, /- Tình trạng: Chưa xử lý/);
    assert.match(m.text, /Báo cáo ban đầu \(Mẫu 03\) số 15\/BC-TTCNTT được gửi kèm thư này \(tệp mau03\.docx\)/);
    assert.match(m.text, /giữ bí mật/);
    assert.match(m.text, /Trân trọng\.\/\./);
    assert.match(m.html, /<a href="https:\/\/vigil\.example\/incidents\/1">/);
    assert.equal(renderNoticeEmail(mau03, { settings: { emailSubjectPrefix: '[SC-KHAN]' } }).subject.startsWith('[SC-KHAN] '), true);
  });

  it('escapes the HTML and keeps the subject on one line', () => {
    const m = renderNoticeEmail({
      ...mau03,
      systemName: 'Cổng\r\nBcc: victim@example.com',
      description: '<img src=x onerror=alert(1)>\n"quoted" & more '.repeat(500),
      reporter: { name: '<script>alert(1)</script>' },
    }, { link: 'javascript:alert(1)' });
    assert.doesNotMatch(m.subject, /[\r\n]/);
    assert.ok(m.subject.length <= 200);
    assert.doesNotMatch(m.html, /<script>|<img/);
    assert.match(m.html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(m.html, /javascript:/, 'only http(s) links become links');
    assert.match(m.text, /xem toàn văn trong báo cáo gửi kèm/);
  });
});

const soffice = findSoffice();
const pdftotext = spawnSync('pdftotext', ['-v']).error ? null : 'pdftotext';

describe('incident documents: PDF through LibreOffice', { skip: soffice ? false : 'LibreOffice (soffice) is not installed' }, () => {
  const textOf = (pdf: Buffer) => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pdftext-'));
    try {
      writeFileSync(join(dir, 'a.pdf'), pdf);
      const r = spawnSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
      return r.stdout;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('converts the three forms, concurrently, to PDFs that carry their titles', { timeout: 180_000 }, async () => {
    const docs = await Promise.all([renderMau03Docx(mau03), renderMau04Docx(mau04), renderMau05Docx(mau05)]);
    const pdfs = await Promise.all(docs.map((d) => docxToPdf(d, { timeoutMs: 90_000 })));
    const titles = [/BÁO CÁO BAN ĐẦU SỰ CỐ AN TOÀN THÔNG TIN MẠNG/, /BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ/, /BÁO CÁO TỔNG HỢP TÌNH HÌNH SỰ CỐ AN TOÀN THÔNG TIN MẠNG/];
    pdfs.forEach((pdf, i) => {
      assert.ok(pdf, 'a PDF');
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      if (pdftotext) {
        const text = textOf(pdf).replace(/[ \t]+/g, ' ');
        assert.match(text, titles[i]!);
        assert.match(text, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
      }
    });
    if (pdftotext) assert.match(textOf(pdfs[1]!).replace(/\s+/g, ' '), /Căn cứ Báo cáo ban đầu số 15\/BC-TTCNTT ngày 05\/03\/2026/);
  });

  it('gives up after the timeout and answers null without LibreOffice', { timeout: 60_000 }, async () => {
    const docx = await renderMau04Docx(mau04);
    await assert.rejects(docxToPdf(docx, { timeoutMs: 50 }), (e: unknown) => e instanceof PdfConversionError && e.reason === 'timeout');
    assert.equal(await docxToPdf(docx, { sofficePath: '/nonexistent/soffice' }), null);
  });
});
