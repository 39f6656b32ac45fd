/**
 * Small text helpers shared by the readers, the column maps and the writers.
 */

/**
 * Folds text for forgiving comparisons: "Giờ hành chính", "GIO HANH CHINH" and
 * "gio_hanh  chinh" all become "gio hanh chinh". Vietnamese đ is a separate letter, not a
 * d with a mark, so NFD leaves it alone and it needs its own replacement.
 */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();
}

/**
 * Key for matching column headers: folded, then everything but letters and digits dropped,
 * so "Security level", "security_level", "securityLevel" and "SECURITY-LEVEL" are one column.
 */
export function headerKey(s: string): string {
  return foldText(s).replace(/[^a-z0-9]/g, '');
}

/**
 * Characters that make a spreadsheet treat a cell as a formula (or, for tab and CR, let one
 * smuggle in after a field separator). Exported cells starting with one get a leading
 * apostrophe so opening an export never runs anything (CSV/formula injection).
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

export function neutraliseFormula(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0]!) ? `'${value}` : value;
}

/**
 * Undoes `neutraliseFormula` on import. Only an apostrophe followed by a trigger character is
 * ours; any other leading apostrophe is the user's text and stays.
 */
export function stripFormulaGuard(value: string): string {
  return value.length > 1 && value[0] === "'" && FORMULA_TRIGGERS.has(value[1]!) ? value.slice(1) : value;
}

/** Quotes text for messages, shortened so a 10,000-character cell does not flood the report. */
export function quote(value: string, max = 60): string {
  const s = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return `"${s}"`;
}
