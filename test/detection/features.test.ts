import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures, pageFromHtml } from '../../server/src/detection/analyze.ts';
import { portal, URL0 } from './helpers.ts';

test('extracts title, meta, canonical, lang, blocks and links with domains', () => {
  const f = extractFeatures(pageFromHtml(portal(1), URL0));
  assert.equal(f.kind, 'html');
  assert.equal(f.title, 'Cổng thông tin điện tử tỉnh Mẫu');
  assert.equal(f.lang, 'vi');
  assert.equal(f.canonical, URL0);
  assert.ok(f.blocks.includes('Tin tức - sự kiện'));
  const gov = f.links.find((l) => l.href === 'https://chinhphu.vn/');
  assert.equal(gov?.domain, 'chinhphu.vn');
  assert.equal(f.links.find((l) => l.text === 'Giới thiệu')?.domain, 'example.gov.vn');
  assert.match(f.textSimhash, /^[0-9a-f]{16}$/);
  assert.match(f.structureSimhash, /^[0-9a-f]{16}$/);
  assert.equal(f.limited, null);
});

test('hidden links: inline styles, ancestors, hidden attribute and <style> classes', () => {
  const html = `<html><head><style>.ft-x { display : none } #box9{visibility:hidden}</style></head><body>
    <div style="position:absolute;left:-9999px"><p><a href="https://a.example/">a</a></p></div>
    <div class="wrap ft-x"><a href="https://b.example/">b</a></div>
    <div id="box9"><a href="https://c.example/">c</a></div>
    <p style="font-size:1px"><a href="https://d.example/">d</a></p>
    <div hidden><a href="https://e.example/">e</a></div>
    <div style="height:0;overflow:hidden"><a href="https://f.example/">f</a></div>
    <div style="opacity:0.5"><a href="https://g.example/">visible</a></div></body></html>`;
  const f = extractFeatures(pageFromHtml(html));
  const hidden = Object.fromEntries(f.links.map((l) => [l.domain, l.hidden]));
  assert.deepEqual(hidden, { 'a.example': true, 'b.example': true, 'c.example': true, 'd.example': true, 'e.example': true, 'f.example': true, 'g.example': false });
  assert.ok(!f.text.includes(' a '), 'hidden text is not visible text');
  assert.ok((f.hiddenText ?? '').includes('b'));
});

test('script/style/noscript/template text is not visible text', () => {
  const f = extractFeatures(pageFromHtml('<html><body><p>shown</p><script>var hiddenWord=1</script><style>.x{}</style><noscript>nos</noscript><template>tpl</template></body></html>'));
  assert.equal(f.text, 'shown');
});

test('redirects: meta refresh, script location, obfuscated atob / fromCharCode, referer check', () => {
  const b64 = Buffer.from('window.location.href="https://evil.example/x"').toString('base64');
  const codes = [...'https://cc.example/'].map((c) => c.charCodeAt(0)).join(',');
  const html = `<html><head><meta http-equiv="refresh" content="3; url=https://meta.example/"></head><body>
    <script>if (document.referrer.indexOf('google') >= 0) { location.replace('https://ref.example/') }</script>
    <script>eval(atob("${b64}"))</script>
    <script>var u = String.fromCharCode(${codes}); top.location = u;</script></body></html>`;
  const f = extractFeatures(pageFromHtml(html));
  const targets = f.redirects.map((r) => `${r.method} ${r.target}`);
  assert.ok(targets.includes('meta-refresh https://meta.example/'));
  assert.ok(targets.includes('script https://ref.example/'));
  assert.ok(targets.includes('obfuscated-script https://evil.example/x'));
  assert.ok((f.scriptText ?? '').includes('https://cc.example/'));
  assert.equal(f.refererCheck, true);
});

test('reading location is not a redirect', () => {
  const f = extractFeatures(pageFromHtml('<html><body><p>x</p><script>var here = window.location.href; if (location.href == "a") {}</script></body></html>'));
  assert.equal(f.redirects.length, 0);
});

test('language guess without lang attribute', () => {
  const en = extractFeatures(pageFromHtml('<html><body><p>The council and the people of the city are working on this for the future of the region.</p></body></html>'));
  assert.equal(en.lang, 'en');
  const id = extractFeatures(pageFromHtml('<html><body><p>Kami akan bekerja dengan warga untuk kota yang lebih baik dan ini juga untuk masa depan dari daerah.</p></body></html>'));
  assert.equal(id.lang, 'id');
});
