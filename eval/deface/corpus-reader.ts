/**
 * The shared corpora as the case builder sees them: sites with their legitimate versions
 * (oldest first) and the real defaced captures, each classified by what kind of capture it is.
 * Reads ../shared/corpora only when the builder is run; tests never come here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Site {
  name: string;
  url: string;
  /** Paths of the versions, oldest first. */
  versions: string[];
}

export type CaptureClass = 'plain' | 'tiny' | 'binary' | 'script' | 'unmarked';

const HTML_FILE = /\.html?$/i;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => HTML_FILE.test(f)).sort().map((f) => join(dir, f));
}

/** The site's own URL, from its canonical / og:url, else from its name, else from its own links. */
export function inferSiteUrl(name: string, latest: string): string {
  const m = /<link\b[^>]{0,300}rel=["']?canonical["']?[^>]{0,300}href=["']?(https?:\/\/[^"'\s>]+)/i.exec(latest)
    ?? /<meta\b[^>]{0,300}property=["']?og:url["']?[^>]{0,300}content=["']?(https?:\/\/[^"'\s>]+)/i.exec(latest);
  if (m) {
    try {
      return `${new URL(m[1]!).origin}/`;
    } catch {
      /* fall through */
    }
  }
  if (name.includes('.')) return `https://www.${name}/`;
  const squashed = name.replace(/[^a-z0-9]/gi, '').toLowerCase();
  const hosts = new Map<string, number>();
  for (const h of latest.matchAll(/https?:\/\/([a-z0-9.-]{3,100})/gi)) {
    const host = h[1]!.toLowerCase();
    if (host.replace(/[^a-z0-9]/g, '').includes(squashed)) hosts.set(host, (hosts.get(host) ?? 0) + 1);
  }
  const best = [...hosts].sort((a, b) => b[1] - a[1])[0];
  return best ? `https://${best[0]}/` : `https://${name}.invalid/`;
}

export function readSites(corpora: string): Site[] {
  const root = join(corpora, 'sequences');
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const versions = htmlFiles(join(root, name));
      const latest = versions.length ? readFileSync(versions[versions.length - 1]!).toString('utf8').slice(0, 400_000) : '';
      return { name, url: inferSiteUrl(name, latest), versions };
    })
    .filter((s) => s.versions.length > 0);
}

export function readDefaced(corpora: string): string[] {
  return htmlFiles(join(corpora, 'defaced'));
}

export function checkCorpora(corpora: string): string | null {
  for (const d of ['sequences', 'defaced']) {
    const p = join(corpora, d);
    if (!existsSync(p) || !statSync(p).isDirectory()) return `${p} not found (expected the shared corpora: sequences/ and defaced/)`;
  }
  return null;
}

const MARKERS = /hack|h4ck|hvck|defac|pwn|owned|locked by|blocked by|cyber|greet|was here|fuck|shell|t\.me\/|telegram|hacklen|touched by|security|\bsec\b/i;

/**
 * What a "defaced" capture actually is. The corpus is a real feed: some captures are images
 * saved as .html, a few bytes of text, a script that draws the defacement, or an ordinary-looking
 * page (the defacement was elsewhere, or already cleaned up when captured).
 */
export function classifyCapture(bytes: Uint8Array): CaptureClass {
  const head = bytes.subarray(0, 4096);
  let control = 0;
  for (const b of head) if (b < 9 || (b > 13 && b < 32)) control++;
  const magic = (sig: number[]) => sig.every((x, i) => bytes[i] === x);
  if (magic([0xff, 0xd8, 0xff]) || magic([0x89, 0x50, 0x4e, 0x47]) || control > head.length * 0.05) return 'binary';
  if (bytes.byteLength < 256) return 'tiny';
  const raw = Buffer.from(bytes.subarray(0, 1_000_000)).toString('utf8');
  const text = raw.replace(/<script\b[\s\S]*?<\/script>/gi, ' ').replace(/<style\b[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]*>/g, ' ');
  const title = /<title[^>]*>([\s\S]{0,500}?)<\/title>/i.exec(raw)?.[1] ?? '';
  if (MARKERS.test(title) || MARKERS.test(text.slice(0, 20_000))) return 'plain';
  if (text.replace(/\s+/g, '').length < 200 && /unescape|atob|fromCharCode|eval\(/.test(raw)) return 'script';
  return 'unmarked';
}
