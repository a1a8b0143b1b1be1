// A short excerpt of a hit around the first place a query word occurs, with the positions of
// the words to highlight. Built in the application from the original text, identically for both
// engines (the indexes hold segmented tokens, not displayable text). Positions are offsets in
// the returned string, so a client highlights without parsing markup.

export interface Snippet {
  text: string;
  /** [start, end) offsets into `text`, ascending, not overlapping */
  highlights: [number, number][];
}

const ELLIPSIS = '…';

/** Case-insensitive positions of `tokens` in `text`, longest token first where they overlap. */
export function findHighlights(text: string, tokens: readonly string[]): [number, number][] {
  const lower = text.toLowerCase();
  // toLowerCase can change the length of a few characters (e.g. İ); then match exactly.
  const hay = lower.length === text.length ? lower : text;
  const sorted = [...new Set(tokens)].filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
  const taken = new Uint8Array(text.length);
  const out: [number, number][] = [];
  for (const t of sorted) {
    for (let i = hay.indexOf(t); i !== -1; i = hay.indexOf(t, i + 1)) {
      let free = true;
      for (let k = i; k < i + t.length; k++) if (taken[k]) free = false;
      if (!free) continue;
      for (let k = i; k < i + t.length; k++) taken[k] = 1;
      out.push([i, i + t.length]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * About `maxChars` characters of `text` around the first occurrence of any token (the start of
 * the text when none occurs), whitespace runs collapsed, with "…" where text was cut.
 */
export function makeSnippet(text: string, tokens: readonly string[], maxChars = 80): Snippet {
  const hits = findHighlights(text, tokens);
  const first = hits[0]?.[0] ?? 0;
  // Some context before the first hit, so the words leading to it are visible.
  let start = Math.max(0, first - Math.floor(maxChars / 4));
  const end = Math.min(text.length, start + maxChars);
  start = Math.max(0, Math.min(start, end - maxChars));
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  const prefix = start > 0 ? ELLIPSIS : '';
  const suffix = end < text.length ? ELLIPSIS : '';
  const out = prefix + body + suffix;
  return { text: out, highlights: findHighlights(out, tokens) };
}
