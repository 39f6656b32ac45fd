import type { Browser, Route } from 'playwright-core';
import { Deadline } from '../net/deadline.ts';
import { performHop } from '../net/http-hop.ts';
import type { AddressPolicy } from '../probe.ts';
import type { PageRenderer, RenderedPage } from './page-renderer.ts';

/**
 * The optional rendered check: headless Chromium (Debian `chromium`, driven by playwright-core)
 * loads the page with scripts on, so content built by script is seen, and takes a screenshot
 * for the evidence.
 *
 * Chromium never touches the network itself: every request it makes is intercepted and
 * fetched by our own guarded HTTP code, so the address policy (no private ranges, no cloud
 * metadata address, checked at connect time) holds for the page's sub-resources too, and a
 * DNS answer cannot change between our check and Chromium's connection. Each render gets a
 * fresh browser context (no cookies, no storage, no service workers) that is closed after.
 *
 * The pool is bounded: at most `concurrency` pages render at once in one browser process,
 * started on first use and restarted if it dies.
 */

export interface RenderOptions {
  signal: AbortSignal;
  timeoutMs: number;
  /** The check's address policy (private ranges only for internal systems). */
  addressPolicy: AddressPolicy;
}

export interface ChromiumRendererOptions {
  executablePath: string;
  concurrency: number;
  /** Per sub-resource body cap. */
  maxResourceBytes?: number;
  /** Total bytes fetched for one render. */
  maxTotalBytes?: number;
  viewport?: { width: number; height: number };
  /** Tallest screenshot kept (a page can be 100,000 px long). */
  maxScreenshotHeight?: number;
}

const MAX_HTML_CHARS = 4 * 1024 * 1024;
const BLOCKED_TYPES = new Set(['media', 'websocket', 'eventsource', 'manifest', 'other']);

export class ChromiumPageRenderer implements PageRenderer {
  private browser: Promise<Browser> | null = null;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(private readonly o: ChromiumRendererOptions) {}

  async render(url: string, opts: RenderOptions): Promise<RenderedPage | null> {
    if (this.closed) return null;
    await this.slot(opts.signal);
    try {
      return await this.renderOne(url, opts);
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const b = this.browser;
    this.browser = null;
    if (b) await b.then((x) => x.close()).catch(() => undefined);
  }

  private async slot(signal: AbortSignal): Promise<void> {
    while (this.active >= this.o.concurrency) {
      if (signal.aborted) throw new Error('render cancelled');
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.waiting.push(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
    this.active++;
  }

  private async launch(): Promise<Browser> {
    if (!this.browser) {
      const { chromium } = await import('playwright-core');
      const starting = chromium.launch({
        executablePath: this.o.executablePath,
        headless: true,
        // Chromium's own sandbox cannot start as root; run Vigil as an unprivileged user to keep it.
        chromiumSandbox: process.getuid?.() !== 0,
        args: ['--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--mute-audio', '--disable-background-networking'],
      });
      this.browser = starting;
      starting.then(
        (b) => b.on('disconnected', () => {
          if (this.browser === starting) this.browser = null;
        }),
        () => {
          if (this.browser === starting) this.browser = null;
        },
      );
    }
    return this.browser;
  }

  private async renderOne(url: string, opts: RenderOptions): Promise<RenderedPage | null> {
    const deadline = new Deadline(opts.timeoutMs, opts.signal);
    const policy = opts.addressPolicy;
    const browser = await this.launch();
    const viewport = this.o.viewport ?? { width: 1280, height: 900 };
    const context = await browser.newContext({
      viewport,
      javaScriptEnabled: true,
      serviceWorkers: 'block',
      acceptDownloads: false,
      bypassCSP: false,
      ignoreHTTPSErrors: false,
    });
    let fetched = 0;
    const maxTotal = this.o.maxTotalBytes ?? 8 * 1024 * 1024;
    try {
      await context.route('**/*', (route) => this.forward(route, policy, deadline, () => fetched, (n) => (fetched += n), maxTotal));
      const page = await context.newPage();
      const abort = () => void context.close().catch(() => undefined);
      deadline.signal.addEventListener('abort', abort, { once: true });
      try {
        // 'load' can wait forever on a hostile page; the DOM plus a short settle is what we need.
        await page.goto(url, { waitUntil: 'domcontentloaded', timeout: Math.max(1, deadline.remainingMs() - 1000) });
        await page.waitForLoadState('load', { timeout: Math.min(3000, Math.max(1, deadline.remainingMs() - 1500)) }).catch(() => undefined);
        const html = (await page.content()).slice(0, MAX_HTML_CHARS);
        const height = Math.min(this.o.maxScreenshotHeight ?? 4000, await page.evaluate<number>('document.documentElement.scrollHeight').catch(() => viewport.height));
        const screenshotPng = await page.screenshot({
          type: 'png',
          clip: { x: 0, y: 0, width: viewport.width, height: Math.max(viewport.height, height) },
          timeout: Math.max(1, deadline.remainingMs()),
          animations: 'disabled',
        });
        return { html, screenshotPng: new Uint8Array(screenshotPng) };
      } finally {
        deadline.signal.removeEventListener('abort', abort);
      }
    } catch {
      return null;
    } finally {
      deadline.dispose();
      await context.close().catch(() => undefined);
    }
  }

  /** Fetches one request of the page through the guarded client and hands Chromium the answer. */
  private async forward(route: Route, policy: AddressPolicy, deadline: Deadline, used: () => number, add: (n: number) => void, maxTotal: number): Promise<void> {
    const req = route.request();
    let target: URL;
    try {
      target = new URL(req.url());
    } catch {
      return route.abort('addressunreachable');
    }
    if (req.method() !== 'GET' || (target.protocol !== 'http:' && target.protocol !== 'https:') || BLOCKED_TYPES.has(req.resourceType()) || used() >= maxTotal || deadline.signal.aborted) {
      return route.abort('blockedbyclient').catch(() => undefined);
    }
    const headers: Record<string, string> = { 'user-agent': req.headers()['user-agent'] ?? 'Mozilla/5.0', accept: req.headers()['accept'] ?? '*/*' };
    const hop = await performHop({
      url: target,
      method: 'GET',
      headers,
      readBody: (s) => s < 300 || s >= 400,
      maxBodyBytes: Math.min(this.o.maxResourceBytes ?? 2 * 1024 * 1024, Math.max(0, maxTotal - used())),
      maxHeaderBytes: 32 * 1024,
      policy,
      rejectUnauthorized: true,
      deadline,
      now: () => new Date(),
    }).catch(() => null);
    if (!hop || hop.status === null) return route.abort('addressunreachable').catch(() => undefined);
    add(hop.bodyBytes);
    const out: Record<string, string> = {};
    if (hop.headers['content-type']) out['content-type'] = hop.headers['content-type'];
    if (hop.headers.location) out.location = new URL(hop.headers.location, target).href;
    await route.fulfill({ status: hop.status, headers: out, body: hop.body ?? Buffer.alloc(0) }).catch(() => undefined);
  }
}
