import type { Analysis, AnalyzeInput, FetchedPage, PageFeatures, PageProfile } from './types.ts';

/**
 * The three entry points of detection. Implemented by the detection core; the signatures are
 * the contract the monitoring side and the evaluation harness code against.
 */

/** Decodes and parses one fetched page into features, bounded whatever the input. Never throws. */
export function extractFeatures(page: FetchedPage): PageFeatures {
  void page;
  throw new Error('not implemented yet');
}

/** Folds one snapshot judged normal (or accepted by an analyst) into the profile. Pure. */
export function learnProfile(profile: PageProfile | null, features: PageFeatures, at: Date, url?: string): PageProfile {
  void profile; void features; void at; void url;
  throw new Error('not implemented yet');
}

/** Judges a page (and its variants and sub-pages) against the profile. Never throws. */
export function analyzePage(input: AnalyzeInput): Analysis {
  void input;
  throw new Error('not implemented yet');
}

/** A FetchedPage for HTML that did not come over HTTP (evaluation cases, tests). */
export function pageFromHtml(html: string | Uint8Array, url = 'https://site.invalid/'): FetchedPage {
  const body = typeof html === 'string' ? new TextEncoder().encode(html) : html;
  return { url, finalUrl: url, status: 200, headers: { 'content-type': 'text/html' }, body, redirects: [] };
}
