import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import vm from 'node:vm';
import { DomUtils, parseDocument } from 'htmlparser2';
import { benignVariants, CLOAK_TECHNIQUES, plantCloaking } from '../../eval/deface/plant-cloaking.ts';
import { disguiseText } from '../../eval/deface/link-blocks.ts';
import { INJECTION_TECHNIQUES, plantInjection } from '../../eval/deface/plant-injection.ts';

/** A hand-written page (tests never read the shared corpora). */
const PAGE = `\ufeff<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Trường THPT Nguyễn Trãi</title>
<meta name="description" content="Trang thông tin điện tử trường THPT Nguyễn Trãi">
<link rel="canonical" href="https://thptnguyentrai.example.edu.vn/"></head>
<body><div class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức</a></li></ul></div>
<div class="content"><p>Lễ khai giảng năm học mới.</p><p>Kế hoạch ôn thi tốt nghiệp.</p></div>
<footer><p>Địa chỉ: 1 Lê Lợi.</p></footer></body></html>`;
const bytes = new TextEncoder().encode(PAGE);
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

function els(html: string) {
  const doc = parseDocument(html);
  return {
    title: DomUtils.textContent(DomUtils.findAll((e) => e.name === 'title', doc.children)),
    all: (name: string) => DomUtils.findAll((e) => e.name === name, doc.children),
    body: DomUtils.textContent(DomUtils.findAll((e) => e.name === 'body', doc.children)),
  };
}

const foreignLinks = (html: string) => els(html).all('a').map((a) => a.attribs.href ?? '').filter((h) => /^(https?:)?\/\//.test(h));

/** Runs every inline script with a mock browser; returns what they did (navigations, writes, loads). */
function effects(html: string): string[] {
  const out: string[] = [];
  for (const s of els(html).all('script')) {
    const js = DomUtils.textContent(s);
    if (!js.trim()) continue;
    const loc = new Proxy({ search: '', assign: (u: string) => out.push(`nav ${u}`), replace: (u: string) => out.push(`nav ${u}`) } as Record<string, unknown>, {
      set: (_t, _k, v) => (out.push(`nav ${v}`), true),
    });
    const doc = { referrer: 'https://www.google.com/', cookie: '', location: loc, write: (h: string) => out.push(`write ${h}`), createElement: () => ({}), getElementsByTagName: () => [{ appendChild: (x: { src: string }) => out.push(`load ${x.src}`) }] };
    const win: Record<string, unknown> = { document: doc, atob: (b: string) => Buffer.from(b, 'base64').toString('utf8'), innerWidth: 400, ontouchstart: null };
    Object.defineProperty(win, 'location', { get: () => loc, set: (v) => out.push(`nav ${v}`) });
    const ctx = vm.createContext({ window: win, document: doc, navigator: { userAgent: 'Mozilla/5.0 (iPhone) Mobile' }, atob: win.atob, setTimeout: (f: () => void) => f(), unescape, top: { location: loc }, location: loc });
    vm.runInContext(`with (window) { ${js} }`, ctx, { timeout: 500 });
  }
  return out;
}

describe('injection plants', () => {
  test('are deterministic for a seed and differ across seeds', () => {
    for (let seed = 1; seed <= 30; seed++) assert.deepEqual(plantInjection(bytes, seed), plantInjection(bytes, seed));
    const distinct = new Set(Array.from({ length: 30 }, (_, s) => text(plantInjection(bytes, s).bytes)));
    assert.ok(distinct.size >= 28);
  });

  test('every technique leaves a parseable page with its content intact and the plant in it', () => {
    const original = els(PAGE);
    for (const t of INJECTION_TECHNIQUES) {
      for (let seed = 1; seed <= 8; seed++) {
        const p = plantInjection(bytes, seed, t);
        const html = text(p.bytes);
        const label = `${t} seed ${seed}: ${p.tags.join(',')}`;
        assert.ok(p.tags.includes(`tech:${t}`), label);
        assert.notEqual(html, PAGE, label);
        assert.ok(html.startsWith('\ufeff<!DOCTYPE html>'), `BOM and doctype kept: ${label}`);
        const e = els(html);
        assert.equal(e.all('html').length, 1, label);
        assert.ok(e.body.includes('Lễ khai giảng năm học mới.') && e.body.includes('Địa chỉ: 1 Lê Lợi.'), label);
        const scripts = e.all('script');
        const newLinks = foreignLinks(html).length > 0;
        const refresh = e.all('meta').some((m) => /refresh/i.test(m.attribs['http-equiv'] ?? ''));
        switch (t) {
          case 'hidden-links':
          case 'blended-links':
          case 'seo-kit':
            assert.ok(newLinks, label);
            if (t === 'seo-kit') assert.ok(e.title !== original.title || e.all('meta').some((m) => m.attribs.name === 'description' && !/THPT/.test(m.attribs.content ?? '')), label);
            break;
          case 'visible-spam':
            assert.ok(e.body.length > original.body.length + 40, label);
            break;
          case 'meta-hijack':
            assert.ok(e.title !== original.title || !html.includes('Trang thông tin điện tử trường'), label);
            break;
          case 'canonical-hijack':
            assert.ok(e.all('link').some((l) => /canonical|amphtml/.test(l.attribs.rel ?? '') && !(l.attribs.href ?? '').includes('example.edu.vn')), label);
            break;
          case 'external-script':
            assert.ok(scripts.some((s) => s.attribs.src) || effects(html).some((x) => x.startsWith('load ')), label);
            break;
          case 'hidden-iframe':
            assert.equal(e.all('iframe').length, 1, label);
            break;
          case 'meta-refresh':
            assert.ok(refresh, label);
            break;
          default:
            // Redirects and obfuscated scripts must actually do something when run, not just look scary.
            assert.ok(effects(html).some((x) => /^(nav|write) /.test(x)), label);
        }
      }
    }
  });

  test('plants never land inside script templates, styles or comments (they would be inert text there)', () => {
    const template = '<script type="text/template"><div><p>Cookie</p><ul><li>a</li></ul></div></script><!-- <div><p>old</p></div> -->';
    const page = new TextEncoder().encode(PAGE.replace('<footer>', `${template}<footer>`));
    for (const t of ['js-redirect', 'blended-links', 'hidden-links', 'visible-spam'] as const) {
      for (let seed = 1; seed <= 25; seed++) {
        const html = text(plantInjection(page, seed, t).bytes);
        assert.ok(html.includes(template), `${t} seed ${seed}`);
      }
    }
  });

  test('disguised anchor texts still read the same in a browser', () => {
    const plain = 'nhà cái uy tín &amp; hi88';
    const shown = (html: string) => DomUtils.textContent(parseDocument(`<a>${html}</a>`).children).replace(/\u200b/g, '');
    assert.equal(shown(disguiseText(Math.random, 'entities', plain)), 'nhà cái uy tín & hi88');
    assert.equal(shown(disguiseText(Math.random, 'zero-width', plain)), 'nhà cái uy tín & hi88');
    assert.equal(shown(disguiseText(Math.random, 'upper', plain)), 'NHÀ CÁI UY TÍN & HI88');
  });

  test('a page that is not UTF-8 keeps its bytes and gets the plant as entities', () => {
    const latin = Buffer.from('<html><head><title>Caf\xe9</title></head><body><p>Cr\xe8me br\xfbl\xe9e</p></body></html>', 'latin1');
    for (let seed = 1; seed <= 10; seed++) {
      const out = Buffer.from(plantInjection(latin, seed, 'visible-spam').bytes);
      assert.ok(out.includes(Buffer.from('Cr\xe8me br\xfbl\xe9e', 'latin1')));
      assert.ok(!/[^\x00-\xff]/.test(out.toString('latin1')));
    }
  });
});

describe('cloaking plants', () => {
  test('are deterministic, never touch the browser page, and cloak at least one variant', () => {
    for (const t of CLOAK_TECHNIQUES) {
      for (let seed = 1; seed <= 6; seed++) {
        const c = plantCloaking(bytes, seed, t);
        assert.deepEqual(c, plantCloaking(bytes, seed, t));
        const differing = Object.values(c.variants).filter((v) => text(v!) !== PAGE);
        assert.ok(differing.length >= 1, `${t} ${seed}`);
        for (const v of differing) {
          const html = text(v!);
          const e = els(html);
          const cloaked = foreignLinks(html).length > 0 || e.all('meta').some((m) => /refresh/i.test(m.attribs['http-equiv'] ?? '')) || effects(html).some((x) => x.startsWith('nav ')) || e.title !== els(PAGE).title;
          assert.ok(cloaked, `${t} ${seed}: ${html.slice(0, 200)}`);
        }
      }
    }
  });

  test('benign variants are deterministic and keep the page recognisable', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const b = benignVariants(bytes, bytes, seed);
      assert.deepEqual(b, benignVariants(bytes, bytes, seed));
      assert.ok(Object.keys(b.variants).length >= 1);
      for (const v of Object.values(b.variants)) {
        const e = els(text(v!));
        assert.ok(e.body.includes('Lễ khai giảng năm học mới.'));
        assert.equal(foreignLinks(text(v!)).length, 0);
      }
    }
  });
});
