/**
 * The contract of page-integrity detection (defacement, injected spam, cloaking). Everything
 * under `server/src/detection/` is pure: no database, no network, no clock of its own. The
 * monitoring side fetches pages and stores results; the evaluation harness (`eval/deface/`)
 * feeds files. Both call only `analyzePage`, `extractFeatures` and `learnProfile`.
 *
 * Pages are written by attackers: every function here is bounded in time and memory whatever
 * the input (size caps, token caps, depth caps, no backtracking-prone regexes on page text).
 */

/** One HTTP response as the fetcher saw it. Bodies are raw bytes: decoding is ours. */
export interface FetchedPage {
  /** The URL asked for. */
  url: string;
  /** The URL of the final response after redirects (equal to url when none). */
  finalUrl: string;
  /** HTTP status of the final response; 0 when the fetch failed (see error). */
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** Each redirect hop's target, in order. */
  redirects: string[];
  /** The body was cut at the fetcher's size cap. */
  truncated?: boolean;
  /** Why the fetch failed (timeout, refused…), when it did. */
  error?: string;
}

/** How the same URL was requested, for cloaking checks. */
export type VariantName = 'browser' | 'googlebot' | 'referer' | 'mobile';

export interface LinkFeature {
  /** Absolute URL when resolvable, else the raw href. */
  href: string;
  /** Registrable-ish domain (lower case, no www.), '' for same-page / relative without a base. */
  domain: string;
  /** Anchor text, whitespace collapsed, capped. */
  text: string;
  /** Hidden by CSS (display:none, visibility:hidden, off-screen position, zero size, tiny font) on it or an ancestor, or by the hidden attribute. */
  hidden: boolean;
  rel?: string;
}

export interface PageFeatures {
  /** 'html' when analysable; otherwise why not (binary, empty, not html…). */
  kind: 'html' | 'empty' | 'binary' | 'text';
  charset: string;
  bytes: number;
  title: string;
  metaDescription: string;
  metaKeywords: string;
  /** Canonical and amphtml link targets (absolute when resolvable). */
  canonical: string | null;
  amphtml: string | null;
  /** <html lang> or a guess from the text ('vi', 'en', 'de', 'id', …, '' when unknown). */
  lang: string;
  /** Visible text blocks (block-level elements), whitespace collapsed, in document order, capped. */
  blocks: string[];
  /** All visible text joined, capped. */
  text: string;
  links: LinkFeature[];
  /** External script src domains and URLs (also those an inline script loads itself: dynamic). */
  scripts: { src: string; domain: string; /** Outside <html> (before it or after </html>). */ odd?: boolean; dynamic?: boolean }[];
  iframes: { src: string; domain: string; hidden: boolean; /** 0–1 px wide or high: the classic invisible malware frame. */ tiny?: boolean }[];
  /** Redirects the page itself performs: meta refresh and script-driven location changes (also obfuscated ones). */
  redirects: { method: 'meta-refresh' | 'script' | 'obfuscated-script'; target: string | null; snippet: string; /** The target reached the location change through a plain variable. */ indirect?: boolean }[];
  /** Inline script snippets worth reporting (eval/atob/fromCharCode/document.write of links…), capped. */
  suspiciousScripts: string[];
  /** 64-bit SimHash of the text shingles and of the structure (tag-path) shingles, as 16-hex-digit strings. */
  textSimhash: string;
  structureSimhash: string;
  /** Counts for sanity and evidence. */
  counts: { elements: number; maxDepth: number; textChars: number };
  /** The parse stopped at a limit (size, elements, depth, time): analysed on what was read. */
  limited: string | null;
  /** Text inside hidden elements (and noscript), capped: what a crawler reads but a visitor does not. */
  hiddenText?: string;
  /** Text recovered from obfuscated scripts and document.write literals, capped. */
  scriptText?: string;
  /** An inline script tests document.referrer against a search engine / navigator.userAgent against bots. */
  refererCheck?: boolean;
  userAgentCheck?: boolean;
  /** An inline script sends phones elsewhere (userAgent tested for Android/iPhone, touch support, narrow screens) . */
  mobileCheck?: boolean;
  /** Inline scripts that hide what they do (packer, eval of a built or decoded string, a URL assembled from pieces): snippets, capped. */
  obfuscatedScripts?: string[];
  /** Links in markup that inline scripts write (document.write, innerHTML…), capped. */
  scriptLinks?: { href: string; domain: string; text: string; hidden?: boolean }[];
  /** og:url (absolute when resolvable), '' when absent. */
  ogUrl?: string;
  /** The body is a known stand-in, not the site's page: 'bot-challenge' (Cloudflare "Just a moment…"), 'parked', 'script-shell' (no text, only scripts). */
  interstitial?: string | null;
}

/**
 * What a monitored page normally looks like, learned from its snapshots and kept current.
 * JSON-serialisable and bounded (a few tens of KB at most): it is stored on the monitor.
 */
export interface PageProfile {
  version: 1;
  /** Snapshots learned from. */
  samples: number;
  updatedAt: string;
  /** The site's own host(s) as seen in URLs / canonical / og:url. */
  ownDomains: string[];
  titles: string[];
  metaDescriptions: string[];
  lang: string;
  /** Hashes of text blocks with how many snapshots they appeared in (stable ones = nav, footer…). */
  blockCounts: Record<string, number>;
  /** Outbound link / script / iframe domains with how many snapshots they appeared in. */
  linkDomains: Record<string, number>;
  scriptDomains: Record<string, number>;
  iframeDomains: Record<string, number>;
  /** Recent SimHashes (newest last, capped) to measure normal drift. */
  textSimhashes: string[];
  structureSimhashes: string[];
  /** Typical size of the page, to notice a page shrunk to a banner. */
  textChars: number[];
  /** Anything else the implementation needs (kept small). */
  extra?: Record<string, unknown>;
}

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type FindingKind = 'defacement' | 'injection' | 'cloaking' | 'legit';

/** One readable piece of evidence. */
export interface Evidence {
  /** Short machine code: 'defacer-signature', 'gambling-lexicon', 'hidden-links', 'new-domain-cluster', 'js-redirect', 'page-replaced', 'variant-differs'… */
  code: string;
  /** One readable sentence (English; the UI translates codes). */
  message: string;
  /** Which fetch it was seen in. */
  variant?: VariantName | 'subpage';
  /** URL of the sub-page or variant, when not the page itself. */
  url?: string;
  /** Short excerpts (escaped by whoever renders them), capped. */
  samples?: string[];
  weight: number;
}

export interface DetectorResult {
  detector: string;
  /** 0 (nothing) … 1 (certain). */
  score: number;
  /** Which kind of compromise this detector's findings point to. */
  kind: Exclude<FindingKind, 'legit'>;
  evidence: Evidence[];
  ms: number;
}

export interface Verdict {
  alarm: boolean;
  kind: FindingKind;
  score: number;
  severity: Severity;
  /** The strongest evidence, most important first. */
  reasons: Evidence[];
}

/** A readable diff of text blocks and link domains against the profile. */
export interface ProfileDiff {
  addedBlocks: string[];
  removedBlocks: string[];
  titleBefore: string | null;
  titleAfter: string;
  newLinkDomains: string[];
  missingLinkDomains: string[];
  newScriptDomains: string[];
  newIframeDomains: string[];
  textSimilarity: number | null;
  structureSimilarity: number | null;
}

export interface AnalyzeInput {
  /** null on the first snapshot: only profile-free detectors (signatures, redirects, hidden links) run. */
  profile: PageProfile | null;
  /** The page as a desktop browser gets it. */
  page: FetchedPage;
  variants?: Partial<Record<Exclude<VariantName, 'browser'>, FetchedPage>>;
  /** A bounded sample of same-site pages (sitemap.xml and links), already fetched. */
  subpages?: FetchedPage[];
  /** Text of the page after rendering in a headless browser, when the rendered check is on. */
  renderedHtml?: string;
}

export interface Analysis {
  verdict: Verdict;
  detectors: DetectorResult[];
  diff: ProfileDiff | null;
  features: PageFeatures;
  /** Set when the page could not be analysed (not HTML, empty, fetch failed); the verdict then says what that means against the profile. */
  error: string | null;
  ms: number;
}

/** One detector: one file in `detectors/`, registered in `detector-registry.ts`. */
export interface Detector {
  name: string;
  detect(ctx: DetectionContext): DetectorResult | null;
}

export interface DetectionContext {
  profile: PageProfile | null;
  page: { fetched: FetchedPage; features: PageFeatures };
  variants: Partial<Record<Exclude<VariantName, 'browser'>, { fetched: FetchedPage; features: PageFeatures }>>;
  subpages: { fetched: FetchedPage; features: PageFeatures }[];
  rendered: PageFeatures | null;
}
