import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractObservables } from '../../server/src/incidents/observables/extract-observables.ts';
import { detectObservableType, normalizeObservable } from '../../server/src/incidents/observables/normalize-observable.ts';
import { refang } from '../../server/src/incidents/observables/refang.ts';
import type { Observable } from '../../server/src/incidents/observables/observable-types.ts';

const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

const values = (text: string) => extractObservables(text).items.map((o) => `${o.type}:${o.value}`);
const find = (items: Observable[], type: string, value: string) => items.find((o) => o.type === type && o.value === value);

test('Vietnamese incident prose with defanged indicators', () => {
  const text =
    `Phát hiện truy cập từ 203.0.113[.]7 tới hxxps://cong-ttdt.dongnai.gov[.]vn/admin, mã độc SHA256 ${SHA256.toUpperCase()} ` +
    `được gửi từ hộp thư ketoan[@]evil-mail[.]com (máy chủ điều khiển c2[.]bad-domain[.]xyz, cổng 8443). ` +
    `Tệp đính kèm bao-cao.docx và jquery.min.js; phiên bản 1.2.3.4.5. Địa chỉ 203.0.113.7 xuất hiện lại lúc 12:30:45.`;
  const { items, truncated } = extractObservables(text);
  assert.equal(truncated, false);
  assert.deepEqual(
    items.map((o) => `${o.type}:${o.value}`),
    [
      'ipv4:203.0.113.7',
      'url:https://cong-ttdt.dongnai.gov.vn/admin',
      `sha256:${SHA256}`,
      'email:ketoan@evil-mail.com',
      'domain:c2.bad-domain.xyz',
    ],
  );
  const ip = find(items, 'ipv4', '203.0.113.7')!;
  assert.equal(ip.count, 2);
  assert.equal(ip.firstIndex, text.indexOf('203.0.113[.]7'), 'offset is in the text as pasted');
  assert.equal(find(items, 'url', 'https://cong-ttdt.dongnai.gov.vn/admin')!.firstIndex, text.indexOf('hxxps://'));
  assert.equal(find(items, 'email', 'ketoan@evil-mail.com')!.firstIndex, text.indexOf('ketoan[@]'));
  assert.equal(find(items, 'domain', 'c2.bad-domain.xyz')!.firstIndex, text.indexOf('c2[.]bad'));
});

test('every defanging style analysts use', () => {
  const text = [
    'hxxp://evil[.]com/a', 'hXXps://evil(.)org/b', 'evil[dot]net', 'evil (dot) info', 'evil{.}biz',
    'http[:]//evil.vn/c', 'hxxps[://]evil.edu.vn/d', 'user[@]evil.gov.vn', 'user2(at)evil.vn', '198.51.100[.]23',
  ].join(' ; ');
  assert.deepEqual(values(text), [
    'url:http://evil.com/a', 'url:https://evil.org/b', 'domain:evil.net', 'domain:evil.info', 'domain:evil.biz',
    'url:http://evil.vn/c', 'url:https://evil.edu.vn/d', 'email:user@evil.gov.vn', 'email:user2@evil.vn', 'ipv4:198.51.100.23',
  ]);
});

test('refang maps offsets back to the original text', () => {
  const r = refang('a[.]b[.]c hxxp://x');
  assert.equal(r.text, 'a.b.c http://x');
  assert.equal(r.originalIndex(0), 0);
  assert.equal(r.originalIndex(2), 4);
  assert.equal(r.originalIndex(6), 10);
  assert.equal(r.originalIndex(r.text.indexOf('//')), 'a[.]b[.]c hxxp:'.length);
});

test('domains: Vietnamese suffixes, IDN, case; file names, versions and abbreviations are not domains', () => {
  assert.deepEqual(values('portal.gov.vn www.hcmus.edu.vn ABC.COM.VN xn--d1acufc.xn--p1ai sub.example.co.uk'), [
    'domain:portal.gov.vn', 'domain:www.hcmus.edu.vn', 'domain:abc.com.vn', 'domain:xn--d1acufc.xn--p1ai', 'domain:sub.example.co.uk',
  ]);
  assert.deepEqual(
    values('report.docx index.php jquery.min.js bao-cao.pdf setup.exe backup.tar.gz style.css logo.png data.json web.config readme.md'),
    [],
  );
  assert.deepEqual(values('v1.2.3 1.2.3.4.5 TP.HCM Mr.Smith e.g. v.v. a.b 10.0.0.256 01.2.3.4 192.168.001.1'), []);
  // Names from a real web server log: not delegated TLDs, so not domains.
  assert.deepEqual(values('resume.xsl bpf-jail.patch 3.2.17.1009776.arm keynav.swf wrap.backup apache-maven.spec semicomplete.com.access'), []);
  assert.deepEqual(values('shop.example.pl api.example.rs'), ['domain:shop.example.pl', 'domain:api.example.rs']);
  assert.deepEqual(values('Kết thúc câu bằng evil.com. Rồi (evil.org), và "bad.net"'), [
    'domain:evil.com', 'domain:evil.org', 'domain:bad.net',
  ]);
});

test('IPv4 strictness and ip:port', () => {
  assert.deepEqual(values('0.0.0.0 255.255.255.255 10.0.0.1:8080 256.1.1.1 1.1.1 1.1.1.1.1 999.1.1.1'), [
    'ipv4:0.0.0.0', 'ipv4:255.255.255.255', 'ipv4:10.0.0.1',
  ]);
});

test('IPv6: full, compressed, mixed case, embedded IPv4; times and MACs are not', () => {
  assert.deepEqual(values('2001:0DB8:0000:0000:0000:0000:0000:0001 fe80::1 ::1 2001:db8:0:1:1:1:1:1 ::ffff:192.0.2.1 [2001:db8::2]:443'), [
    'ipv6:2001:db8::1', 'ipv6:fe80::1', 'ipv6:::1', 'ipv6:2001:db8:0:1:1:1:1:1', 'ipv6:::ffff:192.0.2.1', 'ipv6:2001:db8::2',
  ]);
  assert.deepEqual(values('12:30:45 00:1a:2b:3c:4d:5e std::cout :: 1:2:3:4:5:6:7:8:9 2001:db8::1::2'), []);
});

test('URLs: host kept out of domains, trailing punctuation, parentheses, ports, IP hosts, case', () => {
  const { items } = extractObservables('Xem (https://Evil.COM/Path?q=A&b=1). Rồi http://203.0.113.9:8080/x, http://[2001:DB8::5]/y và https://en.wikipedia.org/wiki/A_(b) ; ftp://files.evil.vn');
  assert.deepEqual(items.map((o) => `${o.type}:${o.value}`), [
    'url:https://evil.com/Path?q=A&b=1',
    'url:http://203.0.113.9:8080/x',
    'url:http://[2001:db8::5]/y',
    'url:https://en.wikipedia.org/wiki/A_(b)',
    'url:ftp://files.evil.vn',
  ]);
  // The host of a URL is not reported as a domain unless it also stands on its own.
  assert.deepEqual(values('http://evil.com/a and evil.com'), ['url:http://evil.com/a', 'domain:evil.com']);
  assert.deepEqual(values('http://not a url, http://localhost/x, javascript://evil.com'), ['domain:evil.com']);
});

test('hashes: only standalone hex of exact lengths, lowercased', () => {
  assert.deepEqual(values(`md5 ${MD5.toUpperCase()} sha1=${SHA1} sha256:${SHA256}`), [`md5:${MD5}`, `sha1:${SHA1}`, `sha256:${SHA256}`]);
  const sha512 = SHA256 + SHA256;
  assert.deepEqual(values(`${MD5}a x${SHA1} ${sha512} prefix_${SHA256} ${MD5.slice(1)}g`), []);
});

test('e-mail addresses: report the address, not its domain; plus and dots in the local part', () => {
  assert.deepEqual(values('From: "Kế toán" <First.Last+tag@Mail.Evil.VN>, mailto:a@b.vn; bad@@x, x@report.docx'), [
    'email:first.last+tag@mail.evil.vn', 'email:a@b.vn',
  ]);
});

test('counts and first occurrence', () => {
  const text = 'evil.com 1.2.3.4 evil.com EVIL.COM evil[.]com';
  const { items } = extractObservables(text);
  assert.deepEqual(items, [
    { type: 'domain', value: 'evil.com', count: 4, firstIndex: 0 },
    { type: 'ipv4', value: '1.2.3.4', count: 1, firstIndex: 9 },
  ]);
});

test('maxResults, maxBytes and the time budget say truncated', () => {
  const many = Array.from({ length: 50 }, (_, i) => `h${i}.example.com`).join(' ');
  const r = extractObservables(many, { maxResults: 10 });
  assert.equal(r.items.length, 10);
  assert.equal(r.truncated, true);
  const cut = extractObservables('first.example.com ' + 'x '.repeat(1000) + 'last.example.com', { maxBytes: 100 });
  assert.deepEqual(cut.items.map((o) => o.value), ['first.example.com']);
  assert.equal(cut.truncated, true);
  // A multi-byte text is measured in UTF-8 bytes, not characters.
  const vi = extractObservables('Địa chỉ độc hại '.repeat(50) + ' evil.com', { maxBytes: 800 });
  assert.equal(vi.items.length, 0);
  assert.equal(vi.truncated, true);
  const slow = extractObservables('a.example.com '.repeat(1_000_000), { timeBudgetMs: 0 });
  assert.equal(slow.truncated, true);
  assert.equal(extractObservables('a.example.com').truncated, false);
});

test('adversarial inputs finish in bounded time', () => {
  const MB = 1024 * 1024;
  const inputs: Record<string, string> = {
    dots: '.'.repeat(MB),
    letters: 'a'.repeat(MB),
    defangedDots: '[.]'.repeat(MB / 3),
    labels: 'a.'.repeat(MB / 2),
    schemes: 'http://'.repeat(MB / 7),
    schemeHosts: 'http://a'.repeat(MB / 8),
    colons: 'a:'.repeat(MB / 2),
    ats: '@a.'.repeat(MB / 3),
    ipChain: '1.1.1.1.'.repeat(MB / 8),
    hex: 'abcdef0123'.repeat(MB / 10),
    brackets: '(((['.repeat(MB / 4),
    urlParens: 'http://a.vn/' + '('.repeat(MB),
    hxxps: 'hxxps'.repeat(MB / 5),
    shortTokens: 'ab.vn x.y 1.2 '.repeat(MB / 14),
    v6ish: '1::2 a:b:: '.repeat(MB / 11),
    atDefang: ' [at] '.repeat(MB / 6),
  };
  for (const [name, text] of Object.entries(inputs)) {
    const t0 = performance.now();
    const r = extractObservables(text, { timeBudgetMs: 60_000 });
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `${name}: ${ms.toFixed(0)} ms`);
    assert.equal(r.truncated, false, name);
  }
});

test('10 MB of incident text is scanned completely within 5 s', () => {
  const para =
    `Ngày 01.02.2026 lúc 12:30:45 phát hiện truy cập từ 203.0.113[.]7 tới hxxps://cong-ttdt.dongnai.gov[.]vn/admin?id=1, ` +
    `mã độc ${SHA256}, thư từ admin[@]evil-mail[.]com; tệp report.docx phiên bản 1.2.3.4.5. `;
  const text = para.repeat(Math.ceil((10 * 1024 * 1024) / para.length)) + ' last.example.org';
  const t0 = performance.now();
  const r = extractObservables(text, { timeBudgetMs: 60_000 });
  const ms = performance.now() - t0;
  assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
  assert.equal(r.truncated, false);
  assert.equal(r.items.length, 5);
  assert.ok(find(r.items, 'domain', 'last.example.org'), 'reached the end');
  assert.equal(find(r.items, 'ipv4', '203.0.113.7')!.count, Math.ceil((10 * 1024 * 1024) / para.length));
});

test('normalizeObservable: canonical values and field messages', () => {
  const ok = (type: string, v: string) => {
    const r = normalizeObservable(type, v);
    assert.ok(r.ok, `${type} ${v}: ${r.ok ? '' : r.message}`);
    return r.value;
  };
  assert.equal(ok('ipv4', ' 203.0.113[.]7 '), '203.0.113.7');
  assert.equal(ok('ipv6', '[2001:DB8:0::1]'), '2001:db8::1');
  assert.equal(ok('domain', 'Evil[.]COM.'), 'evil.com');
  assert.equal(ok('domain', 'files.zip'), 'files.zip', 'a person may add a .zip domain');
  assert.equal(ok('domain', 'portal.newtld'), 'portal.newtld', 'a TLD delegated after the list was taken can be typed');
  assert.equal(ok('url', "hxxps://Evil.com/a'b\\c"), "https://evil.com/a'b\\c");
  assert.equal(ok('email', 'A[@]B.vn'), 'a@b.vn');
  assert.equal(ok('md5', MD5.toUpperCase()), MD5);
  assert.equal(ok('sha1', SHA1), SHA1);
  assert.equal(ok('sha256', SHA256), SHA256);
  for (const [type, v] of [
    ['ipv4', '01.2.3.4'], ['ipv4', '1.2.3.256'], ['ipv6', '::'], ['ipv6', '1::2::3'], ['domain', '1.2.3.4'], ['domain', 'localhost'],
    ['domain', '-a.com'], ['url', 'javascript:alert(1)'], ['url', 'http://a b.com'], ['email', 'a@b'], ['md5', SHA1], ['sha256', 'z'.repeat(64)],
    ['ipv4', ''], ['bogus', '1.2.3.4'], ['url', 'http://' + 'a'.repeat(5000) + '.com'],
  ] as const) {
    const r = normalizeObservable(type, v);
    assert.equal(r.ok, false, `${type} ${v.slice(0, 40)}`);
    assert.ok(!r.ok && r.message.length > 0);
  }
  assert.equal(normalizeObservable('ipv4', 42).ok, false);
  assert.equal(normalizeObservable('ipv4', null).ok, false);
});

test('detectObservableType', () => {
  assert.equal(detectObservableType('203.0.113[.]7'), 'ipv4');
  assert.equal(detectObservableType('fe80::1'), 'ipv6');
  assert.equal(detectObservableType('hxxp://a.vn/'), 'url');
  assert.equal(detectObservableType('a@b.vn'), 'email');
  assert.equal(detectObservableType(MD5), 'md5');
  assert.equal(detectObservableType(SHA256), 'sha256');
  assert.equal(detectObservableType('evil.gov.vn'), 'domain');
  assert.equal(detectObservableType('xin chào'), null);
});
