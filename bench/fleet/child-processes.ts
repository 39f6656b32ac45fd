import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * The benchmark's child processes (fleet, engines) and what it reads from them: spawning with a
 * kept tail of output, waiting for a readiness signal, stopping with a grace period, and
 * scraping their Prometheus metrics.
 */

const ROOT = new URL('../..', import.meta.url).pathname;

/** Every child started, so the benchmark can stop them all on exit or Ctrl-C. */
export const children = new Set<ChildProcess>();

export const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
export const exited = (c: ChildProcess, ms: number) =>
  alive(c) ? new Promise<boolean>((r) => {
    const t = setTimeout(() => r(false), ms);
    c.once('exit', () => {
      clearTimeout(t);
      r(true);
    });
  }) : Promise.resolve(true);

export async function stopChild(c: ChildProcess, graceMs: number): Promise<void> {
  if (!alive(c)) return;
  c.kill('SIGTERM');
  if (!(await exited(c, graceMs))) {
    c.kill('SIGKILL');
    await exited(c, 5000);
  }
}

/**
 * Ctrl-C (or SIGTERM) stops everything gracefully through `cleanup`; a second one leaves at
 * once. Whatever way the process ends, children still running are killed and `onExit` runs
 * (synchronously: remove temporary data).
 */
export function stopChildrenOnSignals(cleanup: () => Promise<void>, onExit: () => void): void {
  let interrupted = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (interrupted) process.exit(130); // a second Ctrl-C: leave now (the exit hook still kills children)
      interrupted = true;
      process.stderr.write(`\n${sig}: stopping the engine and the fleet, removing temporary data…\n`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  process.on('exit', () => {
    for (const c of children) if (alive(c)) c.kill('SIGKILL');
    onExit();
  });
}

export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  tail: string[];
}

export function spawnNode(name: string, script: string, scriptArgs: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, join(ROOT, script), ...scriptArgs], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  const tail: string[] = [];
  const keep = (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line) tail.push(line);
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  if (!child.pid) throw new Error(`could not start ${name}`);
  return { name, child, pid: child.pid, tail };
}

export function waitFor<T>(p: Proc, what: string, timeoutMs: number, test: () => T | null): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (f: () => void) => {
      clearInterval(iv);
      clearTimeout(to);
      p.child.off('exit', onExit);
      f();
    };
    const onExit = () => done(() => reject(new Error(`${p.name} exited before ${what}:\n${p.tail.slice(-40).join('\n')}`)));
    const iv = setInterval(() => {
      const v = test();
      if (v !== null) done(() => resolve(v));
    }, 50);
    const to = setTimeout(() => done(() => reject(new Error(`${p.name}: no ${what} after ${timeoutMs / 1000} s:\n${p.tail.slice(-40).join('\n')}`))), timeoutMs);
    p.child.once('exit', onExit);
  });
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Prometheus text → series (name{labels}) → value. */
export async function scrape(url: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    for (const line of (await res.text()).split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const i = line.lastIndexOf(' ');
      out.set(line.slice(0, i), Number(line.slice(i + 1)));
    }
  } catch {
    /* a busy engine may not answer in time; the figures from /metrics are diagnostics only */
  }
  return out;
}

export function sumSeries(m: Map<string, number>, name: string, labelFilter = ''): number {
  let t = 0;
  for (const [k, v] of m) if ((k === name || k.startsWith(`${name}{`)) && k.includes(labelFilter)) t += v;
  return t;
}
