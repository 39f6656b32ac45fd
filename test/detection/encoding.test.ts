import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures, pageFromHtml } from '../../server/src/detection/analyze.ts';

const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0) & 0xff));

test('UTF-8 BOM is stripped and UTF-8 is the default', () => {
  const body = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<html><head><title>Việt Nam</title></head><body><p>Xin chào</p></body></html>')]);
  const f = extractFeatures(pageFromHtml(body));
  assert.equal(f.charset, 'utf-8');
  assert.equal(f.title, 'Việt Nam');
});

test('windows-1258 declared in a meta tag', () => {
  // "Vi" + ê (0xEA) + combining dot below (0xF2) + "t": Windows-1258 writes tones as combining marks.
  const head = latin1('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"><title>');
  const body = new Uint8Array([...head, 0x56, 0x69, 0xea, 0xf2, 0x74, ...latin1('</title></head><body><p>x</p></body></html>')]);
  const f = extractFeatures({ ...pageFromHtml(body), headers: {} });
  assert.equal(f.charset, 'windows-1258');
  assert.equal(f.title.normalize('NFC'), 'Việt');
});

test('Content-Type header charset wins over the default', () => {
  const body = latin1('<html><head><title>Caf\u00e9</title></head><body><p>x</p></body></html>');
  const f = extractFeatures({ ...pageFromHtml(body), headers: { 'content-type': 'text/html; charset=ISO-8859-1' } });
  assert.equal(f.title, 'Café');
});

test('TCVN3 declared and TCVN3 mojibake detected heuristically', () => {
  // "Trường" in TCVN3 bytes: T r 0xAD(ư) 0xEA(ờ) n g; "Việt" = V i 0xD6(ệ) t; "đại học" = 0xAE 0xB9 i  h 0xE4 c
  const words = [0x54, 0x72, 0xad, 0xea, 0x6e, 0x67, 0x20, 0xae, 0xb9, 0x69, 0x20, 0x68, 0xe4, 0x63, 0x20, 0x56, 0x69, 0xd6, 0x74];
  const declared = new Uint8Array([...latin1('<html><head><meta charset="TCVN3"><title>'), ...words, ...latin1('</title></head><body><p>x</p></body></html>')]);
  assert.equal(extractFeatures({ ...pageFromHtml(declared), headers: {} }).title, 'Trường đại học Việt');
  const para = Array.from({ length: 6 }, () => [...words, 0x20]).flat();
  const undeclared = new Uint8Array([...latin1('<html><head><title>t</title></head><body><p>'), ...para, ...latin1('</p></body></html>')]);
  const f = extractFeatures({ ...pageFromHtml(undeclared), headers: {} });
  assert.equal(f.charset, 'tcvn3');
  assert.ok(f.text.includes('Trường đại học Việt'), f.text);
});

test('German umlauts are not mistaken for TCVN3', () => {
  const f = extractFeatures(pageFromHtml('<html><head><title>Nachrichten</title></head><body><p>Grüße aus München: Bürger über Straßen, Ärzte und Öfen, schön größer.</p></body></html>'));
  assert.equal(f.charset, 'utf-8');
  assert.ok(f.text.includes('München'));
});

test('invalid UTF-8 and NUL bytes never throw', () => {
  const body = new Uint8Array([...latin1('<html><body><p>ab'), 0xc3, 0x28, 0x00, 0xff, 0xfe, ...latin1('cd</p></body></html>')]);
  const f = extractFeatures(pageFromHtml(body));
  assert.equal(f.kind, 'html');
});

test('not HTML: empty, JPEG, plain text', () => {
  assert.equal(extractFeatures(pageFromHtml('')).kind, 'empty');
  assert.equal(extractFeatures(pageFromHtml(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]))).kind, 'binary');
  const t = extractFeatures(pageFromHtml('Hacked by nobody\n'));
  assert.equal(t.kind, 'text');
  assert.ok(t.text.includes('Hacked by nobody'));
});
