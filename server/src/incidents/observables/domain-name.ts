/**
 * Is a dotted token a domain name worth reporting? Shape first: at least two labels of
 * letters, digits and hyphens (1–63 each, 253 in all), and a top-level label of 2–24 letters or
 * an "xn--" IDN. Text found by the extractor must also end in a TLD delegated in the root zone
 * (top-level-domains.ts) and not in a common file extension: some TLDs are also extensions
 * (.zip, .mov, .map, .java, .sh, .py, .md, .do, .cab), and in reports and logs those are files
 * far more often than hosts (.pl and .rs are left alone). A value an analyst types is held
 * to the shape only, since a person chose the type.
 */
import { MAX_DOMAIN_LENGTH } from './observable-types.ts';
import { TOP_LEVEL_DOMAINS } from './top-level-domains.ts';

const FILE_EXTENSIONS = new Set(
  (
    'doc docx docm dot dotx xls xlsx xlsm xlsb csv ppt pptx pps ppsx odt ods odp rtf pdf txt log md ' +
    'htm html xhtml shtml php php3 php4 php5 phtml asp aspx ashx asmx jsp jspx cfm cgi do action ' +
    'js mjs cjs jsx ts tsx css scss less map json xml yml yaml toml ini cfg conf config env bak old tmp swp ' +
    'exe dll sys drv ocx cpl scr msi msp bat cmd ps1 psm1 vbs vbe wsf wsh hta lnk reg jar war ear class ' +
    'apk ipa dmg pkg deb rpm iso img vhd vhdx ova vmdk bin dat db sqlite sql mdb accdb ' +
    'zip rar 7z tar gz tgz bz2 xz lz lzma cab arj z ' +
    'png jpg jpeg gif bmp svg ico webp tif tiff psd eps heic ' +
    'mp3 mp4 m4a wav ogg avi mov mkv wmv flv webm ' +
    'woff woff2 ttf otf eot py pyc rb sh cpp hpp java cs vb lua eml msg pst ost dwg'
  ).split(/\s+/),
);

function isLabel(s: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < 1 || len > 63) return false;
  if (s.charCodeAt(start) === 45 || s.charCodeAt(end - 1) === 45) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

function isTopLabel(t: string): boolean {
  if (t.startsWith('xn--')) return t.length >= 5 && t.length <= 63 && /^[a-z0-9-]+$/.test(t) && !t.endsWith('-');
  if (t.length < 2 || t.length > 24) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/**
 * Canonical (lowercase, no trailing dot) domain or null. `strict` (text found by the
 * extractor) also requires a delegated TLD that is not a file extension.
 */
export function parseDomain(raw: string, strict: boolean): string | null {
  let s = raw.length > 0 && raw.charCodeAt(raw.length - 1) === 46 ? raw.slice(0, -1) : raw;
  if (s.length < 4 || s.length > MAX_DOMAIN_LENGTH) return null;
  s = s.toLowerCase();
  let start = 0;
  let labels = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || s.charCodeAt(i) === 46) {
      if (!isLabel(s, start, i)) return null;
      labels++;
      start = i + 1;
    }
  }
  if (labels < 2) return null;
  const top = s.slice(s.lastIndexOf('.') + 1);
  if (!isTopLabel(top)) return null;
  if (strict && (!TOP_LEVEL_DOMAINS.has(top) || FILE_EXTENSIONS.has(top))) return null;
  return s;
}

/**
 * In running text a capitalised last label ("Mr.Smith", "Ông.Nam") is a typo'd sentence, not a
 * host; all-lowercase and all-uppercase ("EVIL.COM") are accepted.
 */
export function looksLikeProseTld(original: string): boolean {
  const top = original.slice(original.lastIndexOf('.') + 1);
  if (top.length < 2) return false;
  const lower = top.toLowerCase();
  const upper = top.toUpperCase();
  return top !== lower && top !== upper;
}
