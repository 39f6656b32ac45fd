#!/usr/bin/env node
// Runs every test file with Node's test runner (through tsx). The same suite runs on embedded
// PGlite by default and on a real PostgreSQL server when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('--'));

function find(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...find(p));
    else if (/\.test\.ts$/.test(e.name)) out.push(relative(root, p));
  }
  return out;
}

// Longest first: with two files at a time, a two-minute file started last would run alone at the end.
const SLOW_FIRST = ['test/cli/', 'test/api/authorization-matrix', 'test/e2e/'];
const weight = (f) => {
  const i = SLOW_FIRST.findIndex((p) => f.startsWith(p));
  return i === -1 ? SLOW_FIRST.length : i;
};
let files = find(join(root, 'test')).sort().sort((a, b) => weight(a) - weight(b));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
if (files.some((f) => f.includes('e2e'))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build-web.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const db = process.env.TEST_DATABASE_URL ? `PostgreSQL (${new URL(process.env.TEST_DATABASE_URL).host || 'local socket'})` : 'embedded PGlite';
console.log(`running ${files.length} test files on ${db}`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
});
process.exit(r.status ?? 1);
