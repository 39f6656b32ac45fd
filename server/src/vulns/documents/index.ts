/**
 * The documents of a vulnerability warning (issue 7) as pure generators: the official letter to
 * each agency (DOCX), and the board of a warning as a workbook and as a report (XLSX, DOCX).
 */
export type * from './warning-document-data.ts';
export { LETTER_CVE_CAP, LETTER_SYSTEM_CAP, subjectLine, warningLetterDocx } from './warning-letter-docx.ts';
export { safeCell, warningBoardXlsx } from './warning-board-xlsx.ts';
export { BOARD_ROW_CAP, warningBoardDocx } from './warning-board-docx.ts';
export { MATCH_LABELS_VI, percentText, SEVERITY_LABELS_VI, severityLabel } from './warning-format.ts';
