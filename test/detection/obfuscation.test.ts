/** Script obfuscation, script hosts, hidden links/frames, zone-new terms and defacer banners (hand-written pages). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzePage, extractFeatures, learnProfile, pageFromHtml } from '../../server/src/detection/analyze.ts';
import { foldScript } from '../../server/src/detection/html/js-fold.ts';
import { scanScript } from '../../server/src/detection/html/script-scan.ts';
import { hostSuspicion, isKnownHost } from '../../server/src/detection/detectors/page-domains.ts';
import type { PageProfile } from '../../server/src/detection/types.ts';
import { portal, trainedProfile, URL0 } from './helpers.ts';

const judge = (html: string, profile: PageProfile | null = trainedProfile()) => analyzePage({ profile, page: pageFromHtml(html, URL0) });
const codes = (a: ReturnType<typeof judge>) => a.detectors.flatMap((d) => d.evidence.map((e) => e.code));
const script = (js: string) => `<script>${js}</script>`;
/** The portal page with extra markup at the end of the body (footer). */
const withExtra = (extra: string, n = 7) => portal(n, extra);
const hex = (s: string) => [...s].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');

test('fold: concatenations, joined arrays, reversals, escapes and built member names', () => {
  const a = foldScript(`var u='ht'+'tps:'+'//'+'exa'+'mple-spam'+'.test/x';window['loc'+'ation'].href=u;`);
  assert.match(a.text, /window\.location\.href="https:\/\/example-spam\.test\/x"/);
  assert.ok(a.recovered.includes('https://example-spam.test/x'));

  const b = foldScript(`var _k=['h','t','t','p',':','/','/','a','b','.','t','e','s','t'];top.location.href=_k.join('');`);
  assert.match(b.text, /location\.href="http:\/\/ab\.test"/);

  const c = foldScript(`eval("${[...`location.href='http://rev.test/'`].reverse().join('')}".split("").reverse().join(""));`);
  assert.equal(c.evalOfBuilt, true);
  assert.ok(c.recovered.some((r) => r.includes('http://rev.test/')));

  const d = foldScript(`eval("${hex("document.write('<a href=//h.test>x</a>')")}");`);
  assert.equal(d.evalOfBuilt, true);
  assert.ok(d.recovered.some((r) => r.startsWith('document.write(')));

  const e = foldScript(`var _1=String.fromCharCode(104,116,116,112,58,47,47,99,46,116,101,115,116);location.replace(_1);`);
  assert.match(e.text, /location\.replace\("http:\/\/c\.test"\)/);

  // Ordinary code folds nothing that matters and is not called obfuscated.
  const plain = scanScript(`var x = "a" + y.toUpperCase(); if (a / 2 > 1) { console.log('it\\'s ' + x); } var re = /['"]/g;`);
  assert.equal(plain.obfuscated, false);
  assert.equal(plain.redirects.length, 0);
});

test('scan: obfuscator string tables and decoded variables still yield the redirect', () => {
  const table = scanScript(`var _0x3a=['${hex('location')}','${hex('href')}','${hex('https://table-target.example/go')}'];function _0xb(i){return _0x3a[i];}window[_0xb(0)][_0xb(1)]=_0xb(2);`);
  assert.equal(table.obfuscated, true);
  assert.equal(table.redirects[0]?.target, 'https://table-target.example/go');
  const viaVar = scanScript(`var k="${Buffer.from('https://b64-target.example/').toString('base64')}";window.location.href=atob(k);`);
  assert.equal(viaVar.redirects[0]?.target, 'https://b64-target.example/');
  assert.equal(viaVar.redirects[0]?.method, 'obfuscated-script');
});

test('features: markup in text/template script blocks is read (text, links, scripts)', () => {
  const f = extractFeatures(pageFromHtml(withExtra(`<script type="text/template" id="box"><div><p>nhà cái uy tín, nổ hũ đổi thưởng</p><a href="https://tpl-links.example/a">x</a><script src="https://tpl-host.example.top/a.js"></script></div></script>`), URL0));
  assert.match(f.scriptText ?? '', /nhà cái/);
  assert.ok(f.scriptLinks?.some((l) => l.domain === 'tpl-links.example'));
  assert.ok(f.scripts.some((s) => s.domain === 'tpl-host.example.top' || s.domain === 'example.top'));
});

test('fold: Dean Edwards packer is unpacked', () => {
  const packed = `eval(function(p,a,c,k,e,d){e=function(c){return c};if(!''.replace(/^/,String)){while(c--){d[c]=k[c]||c}k=[function(e){return d[e]}];e=function(){return'\\\\w+'};c=1};while(c--){if(k[c]){p=p.replace(new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c])}}return p}('0.1="2://3.4/"',5,5,'location|href|https|packed-spam|test'.split('|'),0,{}))`;
  const f = scanScript(packed);
  assert.equal(f.obfuscated, true);
  assert.ok(f.redirects.some((r) => r.target === 'https://packed-spam.test/'), JSON.stringify(f.redirects));
});

test('injection: obfuscated redirect to an assembled URL alarms', () => {
  const a = judge(withExtra(script(`var p=['ht','tps:','//','win','-casino','.example','/?r=1'];window['loc'+'ation'].href=p.join('');`)));
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  assert.equal(a.verdict.kind, 'injection');
  assert.ok(codes(a).includes('obfuscated-redirect'));
});

test('injection: a reversed, eval-ed link writer alarms even without spam words', () => {
  const html = `<div style="display:none"><a href="https://far-away.example/p1">one</a><a href="https://far-away.example/p2">two</a><a href="https://far-away.example/p3">three</a></div>`;
  const js = `document.write('${html}');`;
  const a = judge(withExtra(script(`eval(${JSON.stringify([...js].reverse().join(''))}.split("").reverse().join(""));`)));
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  assert.ok(codes(a).includes('script-links'));
  assert.ok(codes(a).includes('obfuscated-script'));
});

test('injection: a plain redirect through a variable is weaker unless the host looks thrown away', () => {
  const own = judge(withExtra(script(`var loginUrl="https://accounts.partner-portal.de/login";document.getElementById('b').onclick=function(){window.location.href=loginUrl;};`)));
  assert.equal(own.verdict.alarm, false, JSON.stringify(own.verdict));
  const spam = judge(withExtra(script(`var u="https://go.lucky-spins.xyz/?r=1";window.location.href=u;`)));
  assert.equal(spam.verdict.alarm, true, JSON.stringify(spam.verdict));
});

test('injection: a computed redirect behind a phone test alarms', () => {
  const js = `if(/Android|iPhone|Mobile/i.test(navigator.userAgent)){var t=getTarget();window.location.href=t;}`;
  const a = judge(withExtra(script(js)));
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  // The same computed navigation without any test is a site's own menu code.
  const b = judge(withExtra(script(`document.getElementById('menu').onchange=function(){window.location.href=this.value;};`)));
  assert.equal(b.verdict.alarm, false, JSON.stringify(b.verdict));
});

test('injection: new script hosts — look-alike / cheap / IP hosts alarm, well-known CDNs do not', () => {
  for (const src of ['https://jquery-cdn.example.xyz/jquery.min.js', 'http://203.0.113.7/js/app.js', 'https://casino-stats.example/a.js', 'https://xn--80ak6aa92e.example/x.js']) {
    const a = judge(withExtra(`<script src="${src}"></script>`));
    assert.equal(a.verdict.alarm, true, `${src}: ${JSON.stringify(a.verdict)}`);
  }
  for (const src of ['https://www.googletagmanager.com/gtag/js?id=G-1', 'https://cdn.jsdelivr.net/npm/x@1/x.js', 'https://connect.facebook.net/en_US/sdk.js', 'https://newsroom-widgets.example.de/w.js']) {
    const a = judge(withExtra(`<script src="${src}"></script>`));
    assert.equal(a.verdict.alarm, false, `${src}: ${JSON.stringify(a.verdict)}`);
  }
  assert.equal(isKnownHost('googletagmanager.com'), true);
  assert.ok(hostSuspicion('cdnjs-libs.example.top', 'example.top', () => false).score >= 0.4);
  assert.equal(hostSuspicion('static.uicdn.com', 'uicdn.com', () => false).score, 0);
});

test('injection: a script from an unknown host loaded outside <html> on a page with stable script hosts', () => {
  const page = (n: number, extra = '') => portal(n).replace('</head>', '<script src="https://cdn.jsdelivr.net/npm/a@1/a.js"></script></head>') + extra;
  let p: PageProfile | null = null;
  for (let i = 0; i < 6; i++) p = learnProfile(p, extractFeatures(pageFromHtml(page(i), URL0)), new Date(2025, 0, i + 1), URL0);
  const a = analyzePage({ profile: p, page: pageFromHtml(page(7, '<script src="https://quiet-host.example.org/app.js"></script>'), URL0) });
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  const f = extractFeatures(pageFromHtml(page(7, '<script src="https://quiet-host.example.org/app.js"></script>'), URL0));
  assert.equal(f.scripts.find((s) => s.domain === 'example.org')?.odd, true);
});

test('injection: many hidden links to one new domain alarm without lexicon terms; noscript hides', () => {
  const links = Array.from({ length: 20 }, (_, i) => `<a href="https://unknown-partner.net/p${i}">item ${i}</a>`).join(' ');
  const a = judge(withExtra(`<div style="position:absolute;clip:rect(0,0,0,0)">${links}</div>`));
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  const f = extractFeatures(pageFromHtml(withExtra(`<noscript><a href="https://x.example/">x</a></noscript>`), URL0));
  assert.equal(f.links.find((l) => l.domain === 'x.example')?.hidden, true);
  for (const style of ['text-indent:-9999px', 'clip-path:inset(50%);position:absolute', 'font-size:0', 'transform:scale(0)', 'color:transparent', 'opacity:.01']) {
    const g = extractFeatures(pageFromHtml(withExtra(`<div style="${style}"><a href="https://y.example/">y</a></div>`), URL0));
    assert.equal(g.links.find((l) => l.domain === 'y.example')?.hidden, true, style);
  }
});

test('features: near-zero opacity, 1px boxes and zero-width characters do not hide spam', () => {
  const f = extractFeatures(pageFromHtml(withExtra(`<span style="opacity:0.01;height:1px;overflow:hidden"><a href="https://zw.example/">ca\u200bsi\u200bno on\u200bline</a></span>`), URL0));
  const l = f.links.find((x) => x.domain === 'zw.example');
  assert.equal(l?.hidden, true);
  assert.equal(l?.text, 'casino online');
  const a = judge(withExtra(`<span style="opacity:0.01;height:1px;overflow:hidden"><a href="https://zw.example/">ca\u200bsi\u200bno on\u200bline</a></span>`));
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
});

test('signature: Korean gambling terms in the title alarm', () => {
  const a = judge(portal(7, '', '토토사이트 추천 - 안전놀이터 먹튀검증'));
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
});

test('cloaking: googlebot alone links to a throw-away domain the site never linked to', () => {
  const p = trainedProfile();
  const a = analyzePage({ profile: p, page: pageFromHtml(portal(7), URL0), variants: { googlebot: pageFromHtml(portal(7, '<a href="https://qzt4481.example.top/">partner</a>'), URL0) } });
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  assert.equal(a.verdict.kind, 'cloaking');
  // A googlebot copy that links to a well-known host (an app store, a video) is not cloaking.
  const b = analyzePage({ profile: p, page: pageFromHtml(portal(7), URL0), variants: { googlebot: pageFromHtml(portal(7, '<a href="https://www.youtube.com/c/x">video</a>'), URL0) } });
  assert.equal(b.verdict.alarm, false, JSON.stringify(b.verdict));
});

test('injection: Thai gambling anchors (hidden or in a marquee) alarm', () => {
  const anchors = ['บาคาร่า', 'สล็อตเว็บตรง', 'แทงบอลออนไลน์', 'เครดิตฟรี', 'ufabet'].map((t, i) => `<a href="https://lucky-th.example/${i}">${t}</a>`).join(' ');
  const a = judge(withExtra(`<div style="display:none">${anchors}</div>`));
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  const b = judge(withExtra(`<marquee>${anchors}</marquee>`));
  assert.equal(b.verdict.alarm, true, JSON.stringify(b.verdict));
});

test('signature: a term the site uses in its text is still new in hidden anchors', () => {
  // The portal mentions "slot" and "baccarat" (a TV schedule, a film title) in its visible text every day.
  const site = (n: number, extra = '') => portal(n, `<p>Time slot 20:15 – film "Baccarat" – slot ${n}</p>${extra}`);
  let p: PageProfile | null = null;
  for (let i = 0; i < 6; i++) p = learnProfile(p, extractFeatures(pageFromHtml(site(i), URL0)), new Date(2025, 0, i + 1), URL0);
  const quiet = analyzePage({ profile: p, page: pageFromHtml(site(7), URL0) });
  assert.equal(quiet.verdict.alarm, false);
  const hidden = Array.from({ length: 8 }, (_, i) => `<a href="https://b.example/${i}">slot online baccarat ${i}</a>`).join('');
  const a = analyzePage({ profile: p, page: pageFromHtml(site(7, `<div style="display:none">${hidden}</div>`), URL0) });
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  const sig = a.detectors.find((d) => d.detector === 'signature');
  assert.ok((sig?.score ?? 0) > 0.3, JSON.stringify(sig));
});

test('injection: hidden iframe to a new domain alarms; a hidden embed player does not', () => {
  const a = judge(withExtra(`<iframe src="https://stranger.example.net/?id=7" style="display:none"></iframe>`));
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  const b = judge(withExtra(`<div class="tab" style="display:none"><iframe src="https://docs-host.example.com/en/embed/view/abc"></iframe></div>`));
  assert.equal(b.verdict.alarm, false, JSON.stringify(b.verdict));
});

test('injection: a hidden iframe created by a script counts like one in the markup', () => {
  const js = `var f=document.createElement('iframe');f.src='https://frame-stranger.example.net/?id=3';f.style.display='none';document.body.appendChild(f);`;
  const f = extractFeatures(pageFromHtml(withExtra(script(js)), URL0));
  assert.deepEqual(f.iframes.find((x) => x.domain === 'example.net'), { src: 'https://frame-stranger.example.net/?id=3', domain: 'example.net', hidden: true });
  const a = judge(withExtra(script(js)));
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
});

test('injection: a visible news teaser about viagra with new news domains stays below the line', () => {
  const teasers = ['Viagra trial among pregnant women was stopped after a safety review', 'Regulators review new rules for online pharmacies across the region this year', 'A study on sleep and health finds surprising links in older adults']
    .map((t, i) => `<p><a href="https://news-${i}.example.com/story-${i}">${t}</a></p>`).join('');
  const a = judge(withExtra(teasers));
  assert.equal(a.verdict.alarm, false, JSON.stringify(a.verdict));
});

test('signature: a defacer banner added to an intact page alarms; a news story quoting it does not', () => {
  const banner = portal(7).replace('<main>', '<div style="background:#000;color:#0f0;font-size:40px"><h1>Hacked by Mr.Nobody</h1><p>Greetz to: Cyber Team, all members</p></div><main>');
  const a = judge(banner);
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  assert.equal(a.verdict.kind, 'defacement');
  const news = portal(7).replace('<main>', '<main><p>The city council said on Monday that its website had been hacked by an unknown group last week and that no personal data was taken, according to a spokesperson.</p>');
  const b = judge(news);
  assert.equal(b.verdict.alarm, false, JSON.stringify(b.verdict));
});

test('signature: gambling vocabulary of another language than the site is strong even in visible text', () => {
  // The helper portal is Vietnamese: Indonesian slot vocabulary in a new paragraph is foreign to it.
  const a = judge(portal(7).replace('</main>', '<p>Situs slot gacor hari ini, bocoran rtp live dan pola gacor maxwin.</p></main>'));
  assert.equal(a.verdict.alarm, true, JSON.stringify(a.verdict));
  assert.ok((a.detectors.find((d) => d.detector === 'signature')?.score ?? 0) >= 0.6);
});

test('injection: canonical moved to a stranger, and foreign institutional hosts', () => {
  const a = judge(portal(7).replace(`<link rel="canonical" href="${URL0}">`, '<link rel="canonical" href="https://lib.univ-sample.ac.th/x/">'));
  const w = a.detectors.find((d) => d.detector === 'injection')?.evidence.find((e) => e.code === 'external-canonical')?.weight ?? 0;
  assert.ok(w >= 0.7, String(w));
  const own = new Set(['example.gov.vn']);
  assert.ok(hostSuspicion('lib.univ-sample.ac.th', 'univ-sample.ac.th', () => false, own).score >= 0.3);
  assert.equal(hostSuspicion('sotttt.hanoi.gov.vn', 'hanoi.gov.vn', () => false, own).score, 0);
});

test('hostile: folding and script scanning stay bounded', () => {
  const cases = [
    `'a'+`.repeat(200_000) + `'b'`,
    `[`.repeat(100_000),
    `"`.repeat(300_000),
    `eval(` + `'\\x41'+`.repeat(50_000) + `'')`,
    `location.href=` + `/`.repeat(200_000),
    `var a=[${`'x',`.repeat(100_000)}'y'];location=a.join('');`,
    `"x".split("").reverse()`.repeat(20_000),
  ];
  for (const src of cases) {
    const t0 = performance.now();
    scanScript(src);
    const ms = performance.now() - t0;
    assert.ok(ms < 1500, `${src.slice(0, 20)}… took ${ms} ms`);
  }
  const t0 = performance.now();
  extractFeatures(pageFromHtml(`<html><body>${`<script>var a='x'+'y';document.write('<a href="//e.example/">'+a+'</a>');</script>`.repeat(3000)}</body></html>`, URL0));
  assert.ok(performance.now() - t0 < 3000);
});
