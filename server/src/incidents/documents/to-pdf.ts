import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * DOCX → PDF through LibreOffice (`soffice --headless --convert-to pdf`). Each conversion runs
 * in its own temporary directory with its own LibreOffice profile (`-env:UserInstallation`),
 * so concurrent conversions cannot collide on the profile lock; at most `maxConcurrent` run at
 * once (the rest wait), and each is killed (its whole process group) after `timeoutMs`.
 *
 * `docxToPdf` answers null when LibreOffice is not installed, so a route can answer 501/503
 * with a clear message; a conversion that fails or times out throws `PdfConversionError`.
 */

export interface DocxToPdfOptions {
  /** Kill the conversion after this long (default 60 s). */
  timeoutMs?: number;
  /** The soffice binary; default `VIGIL_SOFFICE_PATH`, then the usual places. */
  sofficePath?: string | null;
}

export class PdfConversionError extends Error {
  constructor(message: string, readonly reason: 'timeout' | 'failed' | 'no-output') {
    super(message);
    this.name = 'PdfConversionError';
  }
}

const CANDIDATES = [
  '/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice', '/usr/local/bin/libreoffice',
  '/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice', '/snap/bin/libreoffice',
  '/Applications/LibreOffice.app/Contents/MacOS/soffice',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The soffice binary to use, or null when LibreOffice is not installed. */
export function findSoffice(explicit?: string | null): string | null {
  const configured = explicit ?? process.env.VIGIL_SOFFICE_PATH;
  if (configured) return executable(configured) ? configured : null;
  return CANDIDATES.find(executable) ?? null;
}

/** Whether PDF conversion is available here. */
export function pdfConversionAvailable(): boolean {
  return findSoffice() !== null;
}

// A small queue: LibreOffice takes a few hundred MB per process.
let maxConcurrent = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Sets how many conversions may run at once (default 2). */
export function setPdfConcurrency(n: number): void {
  maxConcurrent = Math.max(1, Math.floor(n));
  while (running < maxConcurrent && waiting.length) {
    running++;
    waiting.shift()!();
  }
}

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= maxConcurrent) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export async function docxToPdf(docx: Buffer, opts: DocxToPdfOptions = {}): Promise<Buffer | null> {
  const soffice = findSoffice(opts.sofficePath);
  if (!soffice) return null;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return slot(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-pdf-'));
    try {
      const input = join(dir, 'document.docx');
      await writeFile(input, docx);
      const profile = pathToFileURL(join(dir, 'profile')).href;
      await run(soffice, [
        `-env:UserInstallation=${profile}`, '--headless', '--invisible', '--nologo', '--nodefault', '--norestore', '--nolockcheck',
        '--convert-to', 'pdf:writer_pdf_Export', '--outdir', join(dir, 'out'), input,
      ], dir, timeoutMs);
      let pdf: Buffer;
      try {
        pdf = await readFile(join(dir, 'out', 'document.pdf'));
      } catch {
        throw new PdfConversionError('LibreOffice produced no PDF', 'no-output');
      }
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new PdfConversionError('LibreOffice produced something that is not a PDF', 'no-output');
      return pdf;
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => {});
    }
  });
}

function run(bin: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its own process group, so the timeout kills soffice.bin as well as the launcher.
    const child = spawn(bin, args, {
      cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, HOME: cwd, SAL_USE_VCLPLUGIN: 'svp' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < 4000) stderr += d.toString('utf8'); });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill(child.pid);
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new PdfConversionError(`LibreOffice could not start: ${err.message}`, 'failed'));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new PdfConversionError(`LibreOffice did not finish within ${timeoutMs} ms`, 'timeout'));
      else if (code !== 0) reject(new PdfConversionError(`LibreOffice failed (${signal ?? `exit ${code}`}): ${stderr.trim().slice(0, 500)}`, 'failed'));
      else resolve();
    });
  });
}

function kill(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
