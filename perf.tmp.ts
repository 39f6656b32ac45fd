import { extractObservables } from './server/src/incidents/observables/extract-observables.ts';
const MB = 1024 * 1024;
const para = 'Phát hiện truy cập từ 203.0.113[.]7 tới hxxps://cong-ttdt.dongnai.gov[.]vn/admin?id=1, mã độc SHA256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 gửi từ admin[@]evil-mail[.]com lúc 12:30:45 ngày 01.02.2026, phiên bản 1.2.3.4.5; tệp report.docx. ';
const cases: Record<string, string> = {
  prose: para.repeat(Math.ceil(10 * MB / para.length)),
  dots: '.'.repeat(10 * MB), a: 'a'.repeat(10 * MB), defdots: '[.]'.repeat(3.4 * MB),
  adots: 'a.'.repeat(5 * MB), http: 'http://'.repeat(1.5 * MB), httpa: 'http://a'.repeat(1.3 * MB), colons: 'a:'.repeat(5*MB),
  hex: 'abcdef0123'.repeat(MB), ats: '@a.'.repeat(3.4*MB), ip: '1.1.1.1.'.repeat(1.3*MB), v6: '1:'.repeat(5*MB),
  uniq: Array.from({length: 600000}, (_, i) => `h${i}.example.com`).join(' '),
  urls: Array.from({length: 200000}, (_, i) => `http://x${i % 1000}.vn/${'a'.repeat(30)}(`).join(' '),
};
for (const [k, t] of Object.entries(cases)) {
  const t0 = performance.now();
  const r = extractObservables(t, { timeBudgetMs: 60000, maxResults: 1e6 });
  console.log(k.padEnd(8), (t.length / MB).toFixed(1), 'M chars', (performance.now() - t0).toFixed(0), 'ms', r.items.length, r.truncated);
}
const extra: Record<string, string> = { short: 'ab.vn x.y 1.2 '.repeat(MB * 10 / 14), v6ish: '1::2 a:b:: '.repeat(MB*10/11), atdef: ' [at] '.repeat(MB*10/6), nocolon: 'lorem ipsum dolor sit amet. '.repeat(MB*10/28) };
for (const [k, t] of Object.entries(extra)) {
  const t0 = performance.now();
  const r = extractObservables(t);
  console.log(k.padEnd(8), (t.length / MB).toFixed(1), 'M chars', (performance.now() - t0).toFixed(0), 'ms', r.items.length, r.truncated, '(defaults)');
}
