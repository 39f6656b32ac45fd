import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzePage, extractFeatures, learnProfile, pageFromHtml } from '../../server/src/detection/analyze.ts';
import { portal, trainedProfile, URL0 } from './helpers.ts';

// Generous bounds: CI machines are slow and shared; the point is "bounded", not "fast".
const BOUND_MS = 3000;

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

test('a 10 MB page is cut at the byte cap and finishes in bounded time', () => {
  const chunk = '<div class="c"><p>Lorem ipsum dolor sit amet <a href="/x">link</a></p></div>\n';
  const html = `<html><body>${chunk.repeat(Math.ceil(10_000_000 / chunk.length))}</body></html>`;
  const [a, ms] = timed(() => analyzePage({ profile: null, page: pageFromHtml(html) }));
  assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  assert.ok(a.features.limited, 'limited is set');
  assert.equal(a.error, null);
});

test('200k nested divs stop at the depth cap', () => {
  const html = `<html><body>${'<div>'.repeat(200_000)}deep${'</div>'.repeat(200_000)}</body></html>`;
  const [f, ms] = timed(() => extractFeatures(pageFromHtml(html)));
  assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  assert.equal(f.limited, 'depth');
});

test('200k unclosed inline tags do not go quadratic', () => {
  const html = `<html><body>${'<span><b>'.repeat(200_000)}x</body></html>`;
  const [f, ms] = timed(() => extractFeatures(pageFromHtml(html)));
  assert.ok(ms < BOUND_MS, `took ${ms} ms`);
  assert.ok(f.limited);
});

test('a 5 MB single attribute and a 5 MB script are bounded', () => {
  const attr = `<html><body><div title="${'a'.repeat(5_000_000)}">x</div></body></html>`;
  const [, ms1] = timed(() => extractFeatures(pageFromHtml(attr)));
  assert.ok(ms1 < BOUND_MS, `attribute took ${ms1} ms`);
  const script = `<html><body><script>var s="${'\\x41'.repeat(1_000_000)}"; location.href=${'('.repeat(100_000)}</script><p>ok</p></body></html>`;
  const [, ms2] = timed(() => extractFeatures(pageFromHtml(script)));
  assert.ok(ms2 < BOUND_MS, `script took ${ms2} ms`);
});

test('many elements and attributes, slow-to-parse shapes, NUL bytes, random binary never throw', () => {
  const shapes = [
    `<html><body>${'<a href="http://x.example/" style="display:none" class="a b c d e f">y</a>'.repeat(50_000)}</body></html>`,
    `<html><head><style>${'.a{display:none}'.repeat(100_000)}</style></head><body><p class="a">x</p></body></html>`,
    `<html><body><p>${'\u0000'.repeat(100_000)}</p></body></html>`,
    `<${'a'.repeat(1_000_000)}`,
    `<html><body>${'<!--'.repeat(100_000)}</body></html>`,
    `<html><body><script>${'atob("QUJDREVGR0hJSktMTU5PUA==");'.repeat(50_000)}</script></body></html>`,
  ];
  for (const s of shapes) {
    const [a, ms] = timed(() => analyzePage({ profile: trainedProfile(3), page: pageFromHtml(s) }));
    assert.ok(ms < BOUND_MS, `took ${ms} ms`);
    assert.ok(a.verdict);
  }
  const rnd = new Uint8Array(300_000);
  for (let i = 0; i < rnd.length; i++) rnd[i] = (i * 2654435761) >>> 24;
  const a = analyzePage({ profile: null, page: pageFromHtml(rnd) });
  assert.equal(a.verdict.alarm, false);
});

test('analyzePage never throws on broken input objects', () => {
  const broken = { url: '', finalUrl: '', status: 0, headers: {}, body: undefined as unknown as Uint8Array, redirects: [] };
  const a = analyzePage({ profile: null, page: broken });
  assert.equal(a.verdict.alarm, false);
  assert.ok(a.error);
});

test('the profile stays bounded after 500 learn calls on varied pages', () => {
  let p = null as ReturnType<typeof learnProfile> | null;
  for (let i = 0; i < 500; i++) {
    const links = Array.from({ length: 40 }, (_, k) => `<a href="https://d${i}-${k}.example/">w${i}x${k}</a><p>block ${i} ${k} ${'word' + ((i * 7 + k) % 997)}</p>`).join('');
    const f = extractFeatures(pageFromHtml(portal(i, links, `Title ${i}`), URL0));
    p = learnProfile(p, f, new Date(2025, 0, 1, 0, i), URL0);
  }
  const size = JSON.stringify(p).length;
  assert.ok(size < 60_000, `profile is ${size} bytes`);
  assert.equal(p!.samples, 500);
  assert.ok(p!.titles.length <= 12);
});
