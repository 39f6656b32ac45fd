import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeText } from '../../../server/src/monitoring/content/decode-text.ts';
import { EVIDENCE_CSP, neutraliseHtml } from '../../../server/src/monitoring/content/evidence-html.ts';
import { scanSitemap, sitemapText } from '../../../server/src/monitoring/content/sitemap.ts';
import { sameSite, sampleSubpages } from '../../../server/src/monitoring/content/subpage-sampler.ts';
import { gzipSync } from 'node:zlib';

/** The pure pieces of content checks: sitemap scanning, sub-page sampling, decoding, defusing evidence. */
describe('sitemap scanner', () => {
  test('reads page URLs of a urlset and child sitemaps of an index', () => {
    const set = scanSitemap(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://portal.gov.vn/tin-tuc/</loc></url><url><loc>https://portal.gov.vn/a?x=1&amp;y=2</loc></url>
      <url><loc><![CDATA[https://portal.gov.vn/cdata.html]]></loc></url></urlset>`);
    assert.equal(set.kind, 'urlset');
    assert.deepEqual(set.locs, ['https://portal.gov.vn/tin-tuc/', 'https://portal.gov.vn/a?x=1&y=2', 'https://portal.gov.vn/cdata.html']);
    const index = scanSitemap('<sitemapindex><sitemap><loc>https://portal.gov.vn/s1.xml</loc></sitemap></sitemapindex>');
    assert.equal(index.kind, 'sitemapindex');
    assert.deepEqual(index.locs, ['https://portal.gov.vn/s1.xml']);
    assert.equal(scanSitemap('<html><loc>https://x.gov.vn/</loc></html>').kind, 'unknown');
  });

  test('never resolves entities (no XXE, no billion laughs) and takes only absolute http(s) URLs', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <urlset><url><loc>&lol3;</loc></url><url><loc>&xxe;</loc></url><url><loc>/relative.html</loc></url>
      <url><loc>javascript:alert(1)</loc></url><url><loc>file:///etc/passwd</loc></url><url><loc>https://ok.gov.vn/&#x61;</loc></url></urlset>`;
    assert.deepEqual(scanSitemap(bomb).locs, ['https://ok.gov.vn/a']);
  });

  test('bounded on hostile input: many entries, long values, unterminated tags', () => {
    const many = `<urlset>${'<url><loc>https://x.gov.vn/p</loc></url>'.repeat(50_000)}</urlset>`;
    assert.equal(scanSitemap(many).locs.length, 2000);
    const started = performance.now();
    scanSitemap(`<urlset>${'<loc>'.repeat(100_000)}${' '.repeat(500_000)}`);
    scanSitemap(`<urlset><loc>${'a'.repeat(1_000_000)}`);
    assert.ok(performance.now() - started < 1000, 'linear time');
    // gzip is decompressed, capped
    const gz = gzipSync(Buffer.from(`<urlset>${' '.repeat(5_000_000)}</urlset>`));
    assert.equal(sitemapText(gz, 1024 * 1024)?.length ?? 0, 0, 'over the cap: not read at all');
    assert.equal(sitemapText(gzipSync('<urlset></urlset>')), '<urlset></urlset>');
  });
});

describe('sub-page sampler', () => {
  const page = new URL('https://portal.gov.vn/');
  test('prefers sitemap pages the page does not link to, then links; same site only', () => {
    const chosen = sampleSubpages({
      page,
      linked: ['/tin-tuc/', 'https://www.portal.gov.vn/gioi-thieu/', 'https://other.example/', '/logo.png', '#top', '/'],
      sitemap: ['https://portal.gov.vn/tin-tuc/', 'https://portal.gov.vn/judi-slot-gacor.html', 'http://169.254.169.254/latest/meta-data/', 'https://evil.example/x.html'],
      n: 5,
      random: () => 0.5,
    });
    assert.equal(chosen[0]!.url, 'https://portal.gov.vn/judi-slot-gacor.html');
    assert.equal(chosen[0]!.source, 'sitemap');
    assert.deepEqual(chosen.map((c) => c.url).sort(), ['https://portal.gov.vn/gioi-thieu/'.replace('portal', 'www.portal'), 'https://portal.gov.vn/judi-slot-gacor.html', 'https://portal.gov.vn/tin-tuc/'].sort());
    assert.ok(sameSite(new URL('http://www.a.gov.vn/x'), new URL('https://a.gov.vn/')));
    assert.equal(sameSite(new URL('https://a.gov.vn.evil.example/'), new URL('https://a.gov.vn/')), false);
  });

  test('bounded: at most n, nothing when n is 0', () => {
    const sitemap = Array.from({ length: 100 }, (_, i) => `https://portal.gov.vn/p${i}.html`);
    assert.equal(sampleSubpages({ page, linked: [], sitemap, n: 7 }).length, 7);
    assert.deepEqual(sampleSubpages({ page, linked: ['/a'], sitemap, n: 0 }), []);
  });
});

describe('evidence copy', () => {
  test('meta refresh (any spelling) and base are defused; other markup is kept', () => {
    const out = neutraliseHtml(`<head><META HTTP-EQUIV="Refresh" content="0;url=https://evil.example/"><meta content="1;url=x>y" http-equiv=refresh >
      <meta/http-equiv=refresh content=0;url=//evil.example><base href="https://evil.example/"><meta charset="utf-8"></head><p style="color:red">ok</p>`);
    assert.doesNotMatch(out, /http-equiv\s*=/i);
    assert.doesNotMatch(out, /<base/i);
    assert.match(out, /<meta charset="utf-8">/);
    assert.match(out, /<p style="color:red">ok<\/p>/);
    assert.match(EVIDENCE_CSP, /^sandbox; default-src 'none'/);
  });

  test('snapshots decode with their own charset', () => {
    const latin = Buffer.from('<meta charset="windows-1252"><p>caf\xe9</p>', 'latin1');
    assert.deepEqual({ ...decodeText(latin, 'text/html'), text: undefined }, { text: undefined, charset: 'windows-1252', truncated: false });
    assert.match(decodeText(latin, 'text/html').text, /café/);
    assert.equal(decodeText(Buffer.from('Việt Nam'), 'text/html; charset=utf-8').text, 'Việt Nam');
    assert.equal(decodeText(Buffer.from('ab\u0000c'), null).text, 'ab\uFFFDc');
    assert.deepEqual(decodeText(Buffer.from('x'.repeat(10)), null, 4), { text: 'xxxx', charset: 'utf-8', truncated: true });
  });
});
