/**
 * Recognises bodies that stand in for the page without being it: bot challenges, parking pages,
 * script-only shells. They say nothing about tampering (the monitor just did not get the page),
 * so drift must not call them "page replaced"; redirects and spam in them are still judged.
 */
import type { PageFeatures } from '../types.ts';

export function detectInterstitial(f: PageFeatures, rawScripts: string[], htmlHead: string): string | null {
  const title = f.title.toLowerCase();
  const head = htmlHead.toLowerCase();
  const scripts = rawScripts.join('\n').slice(0, 50_000);
  if (title === 'just a moment...' || title === 'attention required! | cloudflare' || scripts.includes('_cf_chl_opt') || head.includes('/cdn-cgi/challenge-platform')) return 'bot-challenge';
  if (title.startsWith('ddos-guard') || head.includes('ddos-guard') && f.counts.textChars < 500) return 'bot-challenge';
  if (head.includes('data-adblockkey') || /window\.park\s*=/.test(scripts.slice(0, 5000))) return 'parked';
  const quiet = f.redirects.length === 0 && f.suspiciousScripts.length === 0 && (f.scriptText ?? '') === '' && !/document\.write|unescape\(|atob\(|fromCharCode|eval\(/.test(scripts);
  if (quiet && f.counts.textChars < 40 && f.links.length === 0 && f.iframes.length === 0 && (f.scripts.length > 0 || rawScripts.length > 0) && !f.title) return 'script-shell';
  return null;
}
