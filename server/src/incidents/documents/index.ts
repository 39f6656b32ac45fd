/**
 * The official incident documents of Circular 20/2017/TT-BTTTT as pure generators: Mẫu 03,
 * Mẫu 04 and Mẫu 05 as DOCX, PDF through LibreOffice, and the `[TBSC]` notice e-mail.
 */
export * from './form-data.ts';
export { renderMau03Docx } from './mau03-docx.ts';
export { renderMau04Docx } from './mau04-docx.ts';
export { formatVnd, mau05Totals, normalizeMau05Rows, renderMau05Docx, type Mau05Totals } from './mau05-docx.ts';
export { docxToPdf, findSoffice, pdfConversionAvailable, PdfConversionError, setPdfConcurrency, type DocxToPdfOptions } from './to-pdf.ts';
export { escapeHtml, renderNoticeEmail, type NoticeEmail, type NoticeEmailOptions } from './notice-email.ts';
