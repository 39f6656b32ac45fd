/** Caps that bound parsing whatever the page: attackers write the input. */
export const LIMITS = {
  maxBytes: 2 * 1024 * 1024,
  maxElements: 60_000,
  maxDepth: 1_500,
  maxTextChars: 300_000,
  maxBlocks: 4_000,
  maxBlockChars: 2_000,
  maxLinks: 3_000,
  maxScripts: 300,
  maxIframes: 100,
  maxInlineScriptChars: 200_000,
  maxOneScriptChars: 60_000,
  /** Markup in text/template script blocks, read as script-written markup. */
  maxTemplateChars: 100_000,
  maxStyleChars: 200_000,
  maxHiddenTextChars: 50_000,
  maxAttrChars: 4_096,
  /** Time budget for the parse itself, checked between chunks and every few hundred elements. */
  parseMs: 250,
  chunkChars: 16_384,
} as const;
