/**
 * The optional rendered check: a headless browser loads the page, so content injected by
 * script (invisible in the raw HTML) is seen too, and a screenshot is kept as evidence. Off by
 * default (monitor setting `render: true`, and a renderer given to the content probe in
 * engine-defaults.ts). The Chromium implementation lives elsewhere; the probe only knows this.
 *
 * An implementation must apply the same address policy as the fetcher to every request the
 * page makes, honour the signal, and return null (not throw) when it cannot render.
 */
import type { AddressPolicy } from '../probe.ts';

export interface RenderedPage {
  /** The DOM serialised after scripts ran. */
  html: string;
  screenshotPng: Uint8Array;
}

export interface PageRenderer {
  /** `addressPolicy` is the check's SSRF guard: every request the page makes must pass it. */
  render(url: string, o: { signal: AbortSignal; timeoutMs: number; addressPolicy: AddressPolicy }): Promise<RenderedPage | null>;
  /** Stops the browser; called once at shutdown. */
  close?(): Promise<void>;
}
