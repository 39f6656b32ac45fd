import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzePage, extractFeatures, learnProfile, pageFromHtml } from '../../server/src/detection/analyze.ts';
import { portal, trainedProfile, URL0 } from './helpers.ts';

const judge = (html: string, profile = trainedProfile()) => analyzePage({ profile, page: pageFromHtml(html, URL0) });
const score = (a: ReturnType<typeof judge>, name: string) => a.detectors.find((d) => d.detector === name)?.score ?? 0;

test('a routine update is not an alarm', () => {
  const a = judge(portal(7));
  assert.equal(a.verdict.alarm, false, JSON.stringify(a.verdict));
  assert.equal(a.verdict.kind, 'legit');
  assert.ok(a.diff);
});

test('signature: a defacement page is critical', () => {
  const a = judge('<html><head><title>Hacked by Nobody Team</title></head><body><center><h1>Hacked by Nobody</h1><p>Your security is low. Greetz to all members.</p></center></body></html>');
  assert.equal(a.verdict.alarm, true);
  assert.equal(a.verdict.kind, 'defacement');
  assert.equal(a.verdict.severity, 'critical');
  assert.ok(score(a, 'signature') >= 0.5);
  assert.ok(a.verdict.reasons.some((r) => r.code === 'defacer-signature'));
});

test('signature: other languages and no profile', () => {
  for (const text of ['Website ini di hack oleh tim kami', 'Bu site tarafından hacklendi', 'تم اختراق الموقع', 'Trang web đã bị hack bởi nhóm X']) {
    const a = analyzePage({ profile: null, page: pageFromHtml(`<html><body><h1>${text}</h1></body></html>`) });
    assert.ok(score(a, 'signature') >= 0.5, text);
  }
});

test('signature: a casino word the site always had does not alarm', () => {
  let p = null as ReturnType<typeof learnProfile> | null;
  const withCasino = (n: number) => portal(n, '<p>Tin: thanh tra kinh doanh casino tại khu du lịch</p>');
  for (let i = 0; i < 5; i++) p = learnProfile(p, extractFeatures(pageFromHtml(withCasino(i), URL0)), new Date(), URL0);
  const a = judge(withCasino(9), p!);
  assert.equal(a.verdict.alarm, false);
});

test('drift: a page replaced by something else alarms; binary and empty too', () => {
  const a = judge('<html><head><title>Welcome</title></head><body><img src="x.jpg"><p>Nothing here anymore</p></body></html>');
  assert.equal(a.verdict.alarm, true);
  assert.equal(a.verdict.kind, 'defacement');
  assert.ok(score(a, 'drift') >= 0.5);
  assert.equal(judge('').verdict.alarm, true);
  const jpeg = analyzePage({ profile: trainedProfile(), page: pageFromHtml(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])) });
  assert.equal(jpeg.verdict.alarm, true);
  assert.ok(jpeg.error);
});

test('drift: without a profile an unanalysable page is not an alarm', () => {
  const a = analyzePage({ profile: null, page: pageFromHtml('') });
  assert.equal(a.verdict.alarm, false);
  assert.ok(a.error);
});

test('injection: hidden gambling links in the footer', () => {
  const links = ['nhà cái uy tín', 'nổ hũ đổi thưởng', 'tài xỉu online', 'slot gacor hari ini'].map((t, i) => `<a href="https://g${i}.example/">${t}</a>`).join(' ');
  const a = judge(portal(8, `<div style="display:none">${links}</div>`));
  assert.equal(a.verdict.alarm, true);
  assert.equal(a.verdict.kind, 'injection');
  assert.equal(a.verdict.severity, 'high');
  assert.ok(a.verdict.reasons.some((r) => r.code === 'hidden-links'));
});

test('injection: spam title, external canonical, hidden iframe, redirects', () => {
  const cases = [
    portal(8, '', 'Slot gacor maxwin - situs slot online'),
    portal(8).replace(`<link rel="canonical" href="${URL0}">`, '<link rel="canonical" href="https://other-site.example/">'),
    portal(8, '<iframe src="https://t.example/i" width="0" height="0"></iframe>'),
    portal(8, '<script>if (document.referrer.indexOf("google") > -1) window.location.href = "https://land.example/";</script>'),
    portal(8, `<script>eval(atob("${Buffer.from('location.replace("https://land.example/")').toString('base64')}"))</script>`),
    portal(8).replace('</head>', '<meta http-equiv="refresh" content="0;url=https://land.example/"></head>'),
  ];
  for (const html of cases) {
    const a = judge(html);
    assert.equal(a.verdict.alarm, true, html.slice(0, 200));
    assert.ok(score(a, 'injection') >= 0.5 || score(a, 'signature') >= 0.5);
  }
});

test('injection: a new ordinary outbound link is not an alarm', () => {
  const a = judge(portal(8, '<a href="https://baochinhphu.vn/bai-viet">Báo Chính phủ</a>'));
  assert.equal(a.verdict.alarm, false);
});

test('cloaking: googlebot gets spam links, referer visitor is redirected', () => {
  const base = portal(8);
  const bot = analyzePage({ profile: trainedProfile(), page: pageFromHtml(base, URL0), variants: { googlebot: pageFromHtml(portal(8, '<a href="https://s.example/">judi bola</a> <a href="https://s.example/2">togel online</a>'), URL0) } });
  assert.equal(bot.verdict.alarm, true);
  assert.equal(bot.verdict.kind, 'cloaking');
  assert.ok(bot.verdict.reasons.some((r) => r.variant === 'googlebot'));
  const ref = analyzePage({ profile: trainedProfile(), page: pageFromHtml(base, URL0), variants: { referer: { ...pageFromHtml('<html><body>x</body></html>', URL0), finalUrl: 'https://casino.example/' } } });
  assert.equal(ref.verdict.alarm, true);
  assert.equal(ref.verdict.kind, 'cloaking');
});

test('cloaking: a mobile layout with other teasers is info only', () => {
  const a = analyzePage({ profile: trainedProfile(), page: pageFromHtml(portal(8), URL0), variants: { mobile: pageFromHtml(portal(9), URL0), googlebot: pageFromHtml(portal(8), URL0) } });
  assert.equal(a.verdict.alarm, false);
  assert.ok(score(a, 'cloaking') < 0.3);
});

test('subpage: an injected gambling page is found, a normal article is not', () => {
  const spam = pageFromHtml('<html><head><title>Nhà cái uy tín</title></head><body><h1>Cá cược bóng đá</h1><p>Link vào nhà cái, nổ hũ, tài xỉu.</p></body></html>', `${URL0}uploads/x.html`);
  const ok = pageFromHtml(portal(3), `${URL0}tin-tuc/3`);
  const a = analyzePage({ profile: trainedProfile(), page: pageFromHtml(portal(8), URL0), subpages: [ok, spam] });
  assert.equal(a.verdict.alarm, true);
  const ev = a.verdict.reasons.find((r) => r.variant === 'subpage');
  assert.equal(ev?.url, `${URL0}uploads/x.html`);
  const b = analyzePage({ profile: trainedProfile(), page: pageFromHtml(portal(8), URL0), subpages: [ok] });
  assert.equal(b.verdict.alarm, false);
});

test('rendered: spam that only appears after scripts ran', () => {
  const a = analyzePage({ profile: trainedProfile(), page: pageFromHtml(portal(8), URL0), renderedHtml: portal(8, '<div><a href="https://x.example/">slot gacor</a> <a href="https://x.example/b">judi online</a></div>') });
  assert.equal(a.verdict.alarm, true);
  assert.ok(score(a, 'rendered') >= 0.5);
  const b = analyzePage({ profile: trainedProfile(), page: pageFromHtml(portal(8), URL0), renderedHtml: portal(8) });
  assert.equal(b.verdict.alarm, false);
});

test('learnProfile with weight accepts a change at once', () => {
  const p = trainedProfile();
  const redesign = '<html><head><title>Cổng thông tin điện tử tỉnh Mẫu</title></head><body><section><p>Giao diện mới hoàn toàn</p><p>Trang chủ mới</p></section></body></html>';
  const f = extractFeatures(pageFromHtml(redesign, URL0));
  const q = learnProfile(p, f, new Date(), URL0, 10);
  assert.equal(analyzePage({ profile: q, page: pageFromHtml(redesign, URL0) }).verdict.alarm, false);
});
