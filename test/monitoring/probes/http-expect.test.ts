import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { compileRegex, decodeBody, nestedQuantifier, parseStatusSpec, testRegex } from '../../../server/src/monitoring/probes/http-expect.ts';

describe('HTTP expectations', () => {
  test('status specs: codes, ranges, classes; malformed is null', () => {
    const m = parseStatusSpec(['200', '301-302', '5xx'])!;
    assert.deepEqual([200, 201, 301, 302, 303, 500, 599, 404].map(m), [true, false, true, true, false, true, true, false]);
    assert.equal(parseStatusSpec(['299-200']), null);
    assert.equal(parseStatusSpec(['abc']), null);
    assert.equal(parseStatusSpec(['6xx']), null);
  });

  test('nested unbounded quantifiers are spotted; ordinary patterns pass', () => {
    for (const p of ['(a+)+$', '(a*)*', '(\\w+\\s?)*$', '(?:x+){2,}', '((ab)*c)+', '(a+?)+', '([a-z]+)*\\d']) assert.equal(nestedQuantifier(p), true, p);
    for (const p of ['Cổng thông tin', '^<title>[^<]{1,200}</title>', '(foo|bar)+', '(www\\.)?example\\.gov\\.vn', 'v\\d+\\.\\d+', '[(+*)]+', '\\(a+\\)+', '(ab){2,5}', 'a{2,}b+']) assert.equal(nestedQuantifier(p), false, p);
  });

  test('compileRegex refuses empty, long, odd flags, dangerous and invalid patterns', () => {
    assert.ok(compileRegex('ok', 'i') instanceof RegExp);
    assert.equal(compileRegex(''), 'regex is empty');
    assert.match(String(compileRegex('a'.repeat(301))), /longer than 300/);
    assert.match(String(compileRegex('a', 'g')), /flags may only be/);
    assert.match(String(compileRegex('(a+)+b')), /exponential/);
    assert.match(String(compileRegex('(unclosed')), /^invalid regex/);
  });

  test('a pattern that slips past the static check is stopped by the time budget', () => {
    // (a|a)* is exponential but has no nested quantifier: only the budget can stop it.
    const re = compileRegex('^(a|a)*$') as RegExp;
    assert.ok(re instanceof RegExp);
    const t0 = Date.now();
    assert.equal(testRegex(re, `${'a'.repeat(40)}b`, 50), 'timeout');
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(testRegex(/hello/, 'say hello'), true);
    assert.equal(testRegex(/hello/, 'bye'), false);
  });

  test('bodies are decoded by charset and, if a server compresses anyway, decompressed within the cap', async () => {
    assert.equal(await decodeBody(Buffer.from('xin chào', 'utf8'), 'text/html; charset=utf-8', undefined, 1024), 'xin chào');
    assert.equal(await decodeBody(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/plain; charset=iso-8859-1', undefined, 1024), 'café');
    assert.equal(await decodeBody(Buffer.from('abc'), 'text/plain; charset=nonsense', undefined, 1024), 'abc');
    assert.equal(await decodeBody(gzipSync('compressed page'), 'text/plain', 'gzip', 1024), 'compressed page');
    // A gzip bomb (100 MB of "a") against a 1 KB cap: the first 1 KB, never 100 MB in memory.
    assert.equal(await decodeBody(gzipSync(Buffer.alloc(100 * 1024 * 1024, 'a')), 'text/plain', 'gzip', 1024), 'a'.repeat(1024));
    // A truncated stream (we stopped reading at the body cap) still yields what it has.
    const page = `start ${randomBytes(4000).toString('hex')}`;
    const gz = gzipSync(page);
    const half = await decodeBody(gz.subarray(0, Math.floor(gz.length / 2)), 'text/plain', 'gzip', 1 << 20);
    assert.ok(half.length > 1000 && page.startsWith(half), `got ${half.length} chars`);
    assert.equal(await decodeBody(Buffer.from('not gzip at all'), 'text/plain', 'gzip', 1024), '');
  });
});
