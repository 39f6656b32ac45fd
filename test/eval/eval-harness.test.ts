import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CasesDirError, runEvaluation } from '../../eval/deface/evaluate.ts';
import { keywordVerdict } from '../../eval/deface/keyword-baseline.ts';

/** Hand-written pages only: tests never read the shared corpora. */
const ROOT = new URL('../..', import.meta.url).pathname;
const URL_ = 'https://sotnmt.example.gov.vn/';

function portal(news: string[], extra = ''): string {
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Sở Tài nguyên và Môi trường tỉnh Bình An</title>
<meta name="description" content="Cổng thông tin điện tử Sở Tài nguyên và Môi trường tỉnh Bình An">
<link rel="stylesheet" href="/css/site.css"></head>
<body><header><nav><a href="/">Trang chủ</a> <a href="/gioi-thieu">Giới thiệu</a> <a href="/tin-tuc">Tin tức</a> <a href="/van-ban">Văn bản</a> <a href="https://dichvucong.gov.vn/">Dịch vụ công</a></nav></header>
<main><h1>Tin tức – Sự kiện</h1>
${news.map((n, i) => `<article><h2><a href="/tin-tuc/${i}">${n}</a></h2><p>${n}. Thông tin chi tiết về hoạt động của Sở trong tuần, kế hoạch triển khai và các văn bản hướng dẫn liên quan.</p></article>`).join('\n')}
</main>${extra}
<footer><p>Bản quyền thuộc Sở Tài nguyên và Môi trường tỉnh Bình An. Địa chỉ: 12 đường Lê Lợi, thành phố Bình An. Điện thoại: 0123 456 789.</p></footer>
</body></html>`;
}

const NEWS = [
  'Hội nghị tổng kết công tác năm 2024',
  'Triển khai kế hoạch quản lý đất đai',
  'Tập huấn bảo vệ môi trường cho cán bộ cơ sở',
  'Thông báo lịch tiếp công dân tháng 3',
  'Hướng dẫn cấp giấy chứng nhận quyền sử dụng đất',
  'Kiểm tra công tác khai thác khoáng sản',
];
const versions = [0, 1, 2, 3].map((k) => portal(NEWS.slice(k, k + 3)));
const DEFACED = `<html><head><title>Hacked By Xyz Team</title></head><body bgcolor="black"><center><h1 style="color:red">Hacked By Xyz Team</h1><p>Your security is low. Greetz to all members</p></center></body></html>`;

function writeCase(dir: string, name: string, files: Record<string, string>, expected: unknown) {
  mkdirSync(join(dir, name, 'history'), { recursive: true });
  for (const [f, body] of Object.entries(files)) writeFileSync(join(dir, name, f), body);
  writeFileSync(join(dir, name, 'expected.json'), typeof expected === 'string' ? expected : JSON.stringify(expected));
}

describe('defacement evaluation harness', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-eval-'));
    const history = { 'history/0001.html': versions[0]!, 'history/0002.html': versions[1]!, 'history/0003.html': versions[2]! };
    writeCase(dir, 'legit-unchanged', { ...history, 'probe.html': versions[2]! }, { alarm: false, kind: 'legit', url: URL_ });
    writeCase(dir, 'legit-next-with-variants', { ...history, 'probe.html': versions[3]!, 'probe.mobile.html': versions[3]!, 'probe.googlebot.html': versions[3]! }, { alarm: false, kind: 'legit', url: URL_, tags: ['variants:benign'] });
    writeCase(dir, 'defacement-obvious', { ...history, 'probe.html': DEFACED }, { alarm: true, kind: 'defacement', url: URL_, tags: ['capture:plain'] });
    writeCase(dir, 'defacement-no-history', { 'probe.html': DEFACED }, { alarm: true, kind: 'defacement' });
    writeCase(dir, 'broken-json', { 'probe.html': versions[0]! }, '{"alarm": tru');
    writeCase(dir, 'broken-kind', { 'probe.html': versions[0]! }, { alarm: true, kind: 'ransomware' });
    writeCase(dir, 'broken-no-probe', history, { alarm: false, kind: 'legit' });
    // Sparse 21 MB files: over the harness's 20 MB cap without writing 21 MB.
    writeCase(dir, 'big-probe', { 'probe.html': '' }, { alarm: false, kind: 'legit' });
    truncateSync(join(dir, 'big-probe', 'probe.html'), 21 * 1024 * 1024);
    writeCase(dir, 'legit-big-history', { ...history, 'history/0004.html': '', 'probe.html': versions[2]! }, { alarm: false, kind: 'legit', url: URL_ });
    truncateSync(join(dir, 'legit-big-history', 'history', '0004.html'), 21 * 1024 * 1024);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('runEvaluation reports every kind with the required figures and skips broken cases', () => {
    const r = runEvaluation(dir);
    assert.equal(r.total_cases, 9);
    assert.equal(r.evaluated, 5);
    assert.deepEqual(r.skipped.map((s) => s.name).sort(), ['big-probe', 'broken-json', 'broken-kind', 'broken-no-probe']);
    assert.equal(r.notes.filter((n) => /21\.0 MB > 20 MB/.test(n)).length, 2, r.notes.join('\n'));
    assert.match(r.skipped.find((s) => s.name === 'broken-json')!.reason, /not valid JSON/);
    for (const k of ['defacement', 'injection', 'cloaking', 'legit']) {
      assert.equal(typeof r.kinds[k]!.cases, 'number', k);
      assert.equal(typeof r.kinds[k]!.alarms, 'number', k);
    }
    assert.equal(r.kinds.legit!.cases, 3);
    assert.equal(r.kinds.defacement!.cases, 2);
    assert.equal(r.kinds.injection!.cases, 0);
    assert.ok('false_alarm_rate' in r.kinds.legit! && 'recall' in r.kinds.defacement!);
    assert.equal(r.baseline.kinds.defacement!.alarms, 2, 'the keyword baseline sees "hacked by"');
    assert.equal(r.baseline.kinds.legit!.alarms, 0);
    assert.equal(r.noise['defacement capture:plain']?.cases, 1);
    assert.equal(r.errors, 0, `the detector threw: ${r.failures.map((f) => f.error).join('; ')}`);
    assert.equal(typeof r.median_ms, 'number');
    assert.equal(typeof r.p99_ms, 'number');
  });

  test('an obvious defacement alarms and an unchanged or normally updated page does not', () => {
    const r = runEvaluation(dir);
    assert.equal(r.kinds.defacement!.alarms, 2, JSON.stringify(r.failures));
    assert.equal(r.kinds.legit!.alarms, 0, JSON.stringify(r.failures));
  });

  test('--filter runs a subset', () => {
    const r = runEvaluation(dir, { filter: 'legit-' });
    assert.equal(r.total_cases, 3);
  });

  test('a missing, empty or non-directory cases path is a CasesDirError', () => {
    assert.throws(() => runEvaluation(join(dir, 'nope')), CasesDirError);
    const empty = mkdtempSync(join(tmpdir(), 'vigil-eval-empty-'));
    try {
      assert.throws(() => runEvaluation(empty), CasesDirError);
      assert.throws(() => runEvaluation(join(dir, 'legit-unchanged', 'probe.html')), CasesDirError);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('the CLI prints the JSON report on its last line, and exits 2 on a bad cases dir', () => {
    const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'eval/deface/run.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const ok = run(['--cases', dir, '--json']);
    assert.equal(ok.status, 0, ok.stderr);
    const lines = ok.stdout.trim().split('\n');
    const json = JSON.parse(lines[lines.length - 1]!);
    for (const k of ['defacement', 'injection', 'cloaking', 'legit']) {
      assert.equal(typeof json.kinds[k].cases, 'number');
      assert.equal(typeof json.kinds[k].alarms, 'number');
    }
    assert.ok('median_ms' in json && 'p99_ms' in json && 'baseline' in json);
    assert.match(ok.stdout, /keyword baseline/);

    const missing = run(['--cases', join(dir, 'does-not-exist')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /not found/);
    const usage = run([]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--cases/);
  });

  test('the keyword baseline matches classic phrases case-insensitively in the probe or a variant', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    assert.equal(keywordVerdict([enc(versions[0]!)]).alarm, false);
    assert.equal(keywordVerdict([enc(versions[0]!), enc('<p>HACKED BY someone</p>')]).phrase, 'hacked by');
  });
});
