import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { PageRenderer } from '../../../server/src/monitoring/content/page-renderer.ts';
import type { ProbeResult } from '../../../server/src/monitoring/probe.ts';
import { CONTENT_DEFAULTS, createContentProbe, MIN_PROFILE_SAMPLES, type ContentSettings } from '../../../server/src/monitoring/probes/content.probe.ts';
import { startHostileServer, type HostileServer } from '../../helpers/loopback/hostile-server.ts';
import { LOOPBACK_POLICY, probeContext, recordingPolicy } from '../../helpers/loopback/probe-context.ts';
import { GAMBLING_BLOCK, html, portalHtml, spamPage, startSite, xml, type Site } from './fixtures.ts';

/**
 * The content probe against loopback sites: learning, injected spam, cloaking by user agent
 * and by referer, injected pages reachable only from sitemap.xml, hostile sitemaps, and pages
 * that cannot be analysed. Real fetches, the real detection core.
 */
const probe = createContentProbe();
const settings = (s: Partial<ContentSettings> = {}) => ({ ...CONTENT_DEFAULTS, ...s });

async function run(target: string, baseline: Record<string, unknown> | null, s: Partial<ContentSettings> = {}, over: Parameters<typeof probeContext>[0] = {}) {
  return probe.run(target, settings(s), probeContext({ timeoutMs: 8000, baseline, ...over }));
}

/** Checks a clean site until its profile is grown up; returns the profile. */
async function learn(site: Site): Promise<Record<string, unknown>> {
  let baseline: Record<string, unknown> | null = null;
  for (let i = 0; i < MIN_PROFILE_SAMPLES; i++) {
    const r = await run(site.url + '/', baseline);
    assert.equal(r.status, 'up', `learning check ${i}: ${r.reason}`);
    assert.ok(r.learned, 'a clean check returns the profile it learned');
    baseline = r.learned!;
  }
  assert.equal((baseline as { samples: number }).samples, MIN_PROFILE_SAMPLES);
  return baseline!;
}

const evidenceText = (r: ProbeResult) => JSON.stringify(r.artifacts?.analysis?.verdict.reasons ?? []) + JSON.stringify(r.artifacts?.analysis?.detectors ?? []);

describe('content probe', () => {
  const sites: Site[] = [];
  let hostile: HostileServer;
  const site = async (...a: Parameters<typeof startSite>) => {
    const s = await startSite(...a);
    sites.push(s);
    return s;
  };
  before(async () => {
    hostile = await startHostileServer();
  });
  after(async () => {
    await Promise.all(sites.map((s) => s.close()));
    await hostile.close();
  });

  test('a clean page is up while the profile is learned; an injected hidden gambling block is an injection alarm', async () => {
    const s = await site({ '/': html(portalHtml()), '/tin-tuc/': html(portalHtml({ title: 'Tin tức' })) });
    const first = await run(s.url + '/', null);
    assert.equal(first.status, 'up', first.reason);
    assert.match(first.reason, /learning the page \(1 of 3 snapshots\)/);
    const profile = await learn(s);
    const clean = await run(s.url + '/', profile);
    assert.equal(clean.status, 'up');
    assert.match(clean.reason, /^content normal \(profile of 4 snapshots\)/);
    assert.equal(clean.artifacts?.analysis?.verdict.alarm, false);
    assert.equal(clean.alert, undefined);

    s.routes['/'] = html(portalHtml({ extra: GAMBLING_BLOCK }));
    const r = await run(s.url + '/', profile);
    assert.equal(r.status, 'down', r.reason);
    assert.match(r.reason, /^possible injection: /);
    assert.equal(r.alert?.kind, 'content.injection');
    assert.equal(r.alert?.details?.analysisId, r.artifacts?.analysisId);
    assert.equal(r.learned, undefined, 'an alarm teaches the profile nothing');
    assert.match(evidenceText(r), /slot|judi|togel|nhà cái/i);
    // Every fetch of the check is recorded, each body kept once.
    const a = r.artifacts!;
    assert.deepEqual(a.fetches.slice(0, 4).map((f) => f.variant), ['browser', 'googlebot', 'referer', 'mobile']);
    assert.ok(a.snapshotSha256 && a.blobs.some((b) => b.sha256 === a.snapshotSha256));
    assert.ok(JSON.stringify(r.details).length < 8192);
  });

  test('the home page replaced by a defacer page is a defacement alarm; a defacer banner on the intact page too', async () => {
    const s = await site({ '/': html(portalHtml()), '/tin-tuc/': html(portalHtml({ title: 'Tin tức' })) });
    const profile = await learn(s);
    s.routes['/'] = html(`<html><head><title>Hacked by Sad Cyber Team</title></head><body style="background:#000;color:#0f0">
<center><h1>Hacked by Sad Cyber Team</h1><p>Your security is low, patch your system. Greetz to all Indonesian hackers.</p></center></body></html>`);
    const replaced = await run(s.url + '/', profile);
    assert.equal(replaced.status, 'down', replaced.reason);
    assert.match(replaced.reason, /^possible defacement: /);
    assert.equal(replaced.alert?.kind, 'content.defacement');
    assert.equal(replaced.alert?.severity, 'critical');
    s.routes['/'] = html(portalHtml({ extra: '<div><h2>Hacked by Sad Cyber Team</h2><p>Greetz to all Indonesian hackers</p></div>' }));
    const banner = await run(s.url + '/', profile);
    assert.equal(banner.status, 'down', banner.reason);
    assert.equal(banner.alert?.kind, 'content.defacement');
  });

  test('an injected script redirect (also obfuscated) and an external canonical are injection alarms; news about gambling is not', async () => {
    const s = await site({ '/': html(portalHtml()), '/tin-tuc/': html(portalHtml({ title: 'Tin tức' })) });
    const profile = await learn(s);
    const cases: Array<[string, string]> = [
      ['plain redirect', `<script>if (document.referrer.indexOf('google') > -1) { window.location.href = 'https://nhacai-uytin.example/'; }</script>`],
      ['obfuscated redirect', `<script>var u = 'elpmaxe.oh-on-88kcah//:sptth'.split('').reverse().join(''); if (/google|bing/.test(document.referrer)) location.replace(u);</script>`],
      ['meta refresh', `<meta http-equiv="refresh" content="0;url=https://slot-gacor.example/">`],
      ['external canonical', `<link rel="canonical" href="https://situs-judi.example/slot-gacor/">`],
    ];
    for (const [name, plant] of cases) {
      s.routes['/'] = html(portalHtml().replace('</head>', `${plant}</head>`));
      const r = await run(s.url + '/', profile);
      assert.equal(r.status, 'down', `${name}: ${r.reason}`);
      assert.equal(r.alert?.kind, 'content.injection', name);
    }
    // A real news item about a gambling crackdown, in the page's own blocks, stays normal.
    s.routes['/'] = html(portalHtml({ extra: '<article><h2><a href="/tin-tuc/bai-9.html">Công an tỉnh triệt phá đường dây cá độ bóng đá qua mạng</a></h2><p>Các đối tượng tổ chức đánh bạc, cá độ bóng đá trên mạng với số tiền lớn.</p></article>' }));
    const news = await run(s.url + '/', profile);
    assert.equal(news.status, 'up', news.reason);
  });

  test('a portal still in Windows-1258 is decoded and learned like any other', async () => {
    // Windows-1258: "ô" is 0xF4, "đ" is 0xF0, tones are combining marks (0xD2 = hook above).
    const page = (n: number) => Buffer.concat([
      Buffer.from('<html><head><title>C'), Buffer.from([0xf4, 0xd2]), Buffer.from('ng th'), Buffer.from([0xf4]), Buffer.from('ng tin '), Buffer.from([0xf0]),
      Buffer.from(`i\u1ec7n t\u1eed</title></head><body><h1>S\u1edf N\u1ed9i v\u1ee5</h1><p>Tin s\u1ed1 ${n}</p><footer>Th\u00f4ng tin li\u00ean h\u1ec7</footer></body></html>`.replace(/[^\x00-\x7f]/g, '')),
    ]);
    let n = 1;
    const s = await site({ '/': (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=windows-1258' }).end(page(n++)) });
    const profile = await learn(s);
    const r = await run(s.url + '/', profile);
    assert.equal(r.status, 'up', r.reason);
    const f = r.artifacts!.analysis!.features;
    assert.equal(f.charset.toLowerCase(), 'windows-1258');
    assert.match(f.title.normalize('NFC'), /^Cổng thông tin đ/);
  });

  test('cloaking by user agent: Googlebot gets spam links, people get the normal page', async () => {
    const s = await site({
      '/': (req, res) => {
        const bot = /Googlebot/.test(String(req.headers['user-agent']));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(bot ? portalHtml({ extra: GAMBLING_BLOCK.replace(/position:absolute;left:-9999px;top:-9999px/, '') }) : portalHtml());
      },
    });
    const r = await run(s.url + '/', null);
    assert.equal(r.status, 'down', r.reason);
    assert.equal(r.alert?.kind, 'content.cloaking', r.reason);
    assert.match(r.reason, /^possible cloaking: /);
    const bot = s.seen.find((x) => /Googlebot/.test(x.ua));
    assert.ok(bot, 'fetched as Googlebot');
    assert.ok(s.seen.some((x) => /Android/.test(x.ua)), 'fetched as a mobile browser');
  });

  test('cloaking by referer: visitors from a Google search are redirected to a spam site on another host', async () => {
    const spam = await site({ '*': html(spamPage()) }, '127.0.0.2');
    const s = await site({
      '/': (req, res) => {
        if (/google\./.test(String(req.headers.referer ?? ''))) return void res.writeHead(302, { location: `${spam.url}/slot-gacor/` }).end();
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(portalHtml());
      },
    });
    const r = await run(s.url + '/', null, { subpages: 0 });
    assert.equal(s.seen.find((x) => x.referer)?.referer, `https://www.google.com/search?q=127.0.0.1`);
    assert.equal(r.status, 'down', r.reason);
    assert.equal(r.alert?.kind, 'content.cloaking', r.reason);
    const referer = r.artifacts!.fetches.find((f) => f.variant === 'referer')!;
    assert.equal(referer.finalUrl, `${spam.url}/slot-gacor/`);
    assert.deepEqual(referer.redirects, [`${spam.url}/slot-gacor/`]);
  });

  test('an injected page listed only in sitemap.xml is found, and the evidence names it', async () => {
    const s = await site({
      '/': html(portalHtml({ links: ['/tin-tuc/'] })),
      '/tin-tuc/': html(portalHtml({ title: 'Tin tức' })),
      '/sitemap.xml': (_req, res) => xml(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>${s.url}/tin-tuc/</loc></url><url><loc>${s.url}/judi-slot-gacor.html</loc></url></urlset>`)(_req, res),
      '/judi-slot-gacor.html': html(spamPage()),
    });
    const r = await run(s.url + '/', null);
    assert.ok(s.seen.some((x) => x.path === '/judi-slot-gacor.html'), 'the unlinked sitemap page was fetched');
    assert.equal(r.status, 'down', r.reason);
    assert.equal(r.alert?.kind, 'content.injection', r.reason);
    assert.match(r.reason + evidenceText(r), /judi-slot-gacor\.html/);
    const sub = r.artifacts!.fetches.find((f) => f.url.endsWith('/judi-slot-gacor.html'))!;
    assert.equal(sub.variant, 'subpage');
    assert.equal(sub.status, 200);
  });

  test('hostile sitemaps: endless, entity bombs, other hosts and the metadata address are never followed', async () => {
    const other = await site({ '*': html(spamPage()) }, '127.0.0.2');
    const s = await site({ '/': html(portalHtml()), '/tin-tuc/': html(portalHtml()) });
    const policy = recordingPolicy(LOOPBACK_POLICY);
    // A sitemap index: two nested sitemaps at most, same site only.
    s.routes['/sitemap.xml'] = xml(`<sitemapindex>
      <sitemap><loc>http://169.254.169.254/latest/meta-data/</loc></sitemap><sitemap><loc>${other.url}/sitemap.xml</loc></sitemap>
      ${[1, 2, 3, 4].map((i) => `<sitemap><loc>${s.url}/s${i}.xml</loc></sitemap>`).join('')}</sitemapindex>`);
    s.routes['/s1.xml'] = xml(`<!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <urlset><url><loc>&b;</loc></url><url><loc>http://169.254.169.254/latest/meta-data/</loc></url><url><loc>${other.url}/x.html</loc></url></urlset>`);
    s.routes['/s2.xml'] = hostileRedirect(hostile.url + '/endless');
    const r = await run(s.url + '/', null, {}, { addressPolicy: policy });
    assert.equal(r.status, 'up', r.reason);
    const paths = s.seen.map((x) => x.path);
    assert.ok(paths.includes('/s1.xml') && paths.includes('/s2.xml'));
    assert.ok(!paths.includes('/s3.xml') && !paths.includes('/s4.xml'), 'at most two nested sitemaps');
    assert.equal(other.seen.length, 0, 'nothing on another host was fetched');
    assert.ok(!policy.checked.includes('169.254.169.254'), 'the metadata address was never even tried');
    assert.ok(!paths.some((p) => /aaaa/.test(p)), 'entities were never expanded');
    // The endless sitemap was cut at its cap.
    const endless = r.artifacts!.fetches.find((f) => f.variant === 'sitemap' && f.finalUrl.endsWith('/endless'))!;
    assert.ok(endless.truncated && endless.bytes <= 1024 * 1024);
    await hostile.waitIdle(2000);
  });

  test('pages that cannot be analysed are degraded with a reason, never an alarm', async () => {
    const s = await site({
      '/binary': (_req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(randomBytes(50_000)),
      '/503': html('<h1>Service Unavailable</h1>', 503),
    });
    const cases: Array<[string, RegExp, Partial<ContentSettings>]> = [
      [s.url + '/503', /^could not analyse: HTTP 503/, {}],
      [s.url + '/binary', /^could not analyse: /, {}],
      [hostile.url + '/endless', /^could not analyse: the page is larger than 64 KB/, { maxBodyBytes: 64 * 1024 }],
      [hostile.url + '/slowloris-body', /^could not analyse: .*timed out/, {}],
      [hostile.url + '/reset-early', /^could not analyse: /, {}],
      [hostile.url + '/loop/0', /^could not analyse: .*(redirect loop|too many redirects)/, {}],
      ['http://127.0.0.1:1/', /^could not analyse: .*refused/i, {}],
    ];
    for (const [target, reason, s2] of cases) {
      const started = Date.now();
      const r = await run(target, null, s2, { timeoutMs: 1500 });
      assert.equal(r.status, 'degraded', `${target}: ${r.reason}`);
      assert.match(r.reason, reason, target);
      assert.equal(r.alert, undefined);
      assert.equal(r.learned, undefined);
      assert.ok(r.artifacts?.error, 'the failure is stored as evidence');
      assert.ok(Date.now() - started < 4000, `${target} took ${Date.now() - started} ms`);
    }
    await hostile.waitIdle(2000);
  });

  test('an address the policy refuses is never fetched', async () => {
    const r = await probe.run('http://169.254.169.254/latest/meta-data/', settings(), probeContext({ timeoutMs: 2000 }));
    assert.equal(r.status, 'degraded');
    assert.match(r.reason, /could not analyse: .*(not allowed|refused|link-local|metadata)/i);
  });

  test('the rendered check: a renderer is called only with render on, its HTML analysed, its screenshot kept', async () => {
    const s = await site({ '/': html(portalHtml()) });
    const calls: { url: string; timeoutMs: number; signal: AbortSignal }[] = [];
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const renderer: PageRenderer = {
      async render(url, o) {
        calls.push({ url, timeoutMs: o.timeoutMs, signal: o.signal });
        assert.ok(o.addressPolicy, 'the check\'s address policy is handed over');
        return { html: portalHtml({ extra: '<p>rendered by script</p>' }), screenshotPng: png };
      },
    };
    const rendering = createContentProbe({ renderer });
    const off = await rendering.run(s.url + '/', settings(), probeContext({ timeoutMs: 8000 }));
    assert.equal(calls.length, 0, 'render is off by default');
    assert.equal(off.artifacts?.screenshotSha256, null);
    const on = await rendering.run(s.url + '/', settings({ render: true }), probeContext({ timeoutMs: 8000 }));
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.url, s.url + '/');
    assert.ok(calls[0]!.timeoutMs > 1000 && calls[0]!.timeoutMs < 8000);
    const a = on.artifacts!;
    assert.ok(a.screenshotSha256);
    assert.equal(a.blobs.find((b) => b.sha256 === a.screenshotSha256)?.contentType, 'image/png');
    const rendered = a.fetches.find((f) => f.variant === 'rendered')!;
    assert.ok(rendered.sha256 && a.blobs.some((b) => b.sha256 === rendered.sha256));
    // No renderer on the server: the setting is harmless.
    const plain = await probe.run(s.url + '/', settings({ render: true }), probeContext({ timeoutMs: 8000 }));
    assert.equal(plain.artifacts?.screenshotSha256, null);
    // A renderer that fails costs the screenshot, not the check.
    const broken = createContentProbe({ renderer: { render: async () => { throw new Error('chromium crashed'); } } });
    const r = await broken.run(s.url + '/', settings({ render: true }), probeContext({ timeoutMs: 8000 }));
    assert.equal(r.status, 'up', r.reason);
    assert.equal(r.details.renderError, 'the page could not be rendered');
  });
});

/** A sitemap URL that redirects to the hostile server (redirects of sitemaps are followed hop by hop too). */
function hostileRedirect(to: string) {
  return (_req: unknown, res: import('node:http').ServerResponse) => void res.writeHead(302, { location: to }).end();
}
