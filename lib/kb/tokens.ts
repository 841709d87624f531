/**
 * The knowledge base's search tokens. Chinese is written without spaces, so words cannot be split on whitespace and a
 * dictionary segmenter would miss the bank's own terms; instead every run of Chinese characters gives its single
 * characters and its overlapping pairs (n-grams, n = 1 and 2), and every run of Latin letters or digits gives one
 * lower-cased word. Text is NFKC-normalised first, so full-width letters and digits (ＡＴＭ, １２３) count as half-width.
 *
 * An article version stores the tokens of its title and text (`kb_versions.search_tokens`, GIN-indexed); a query
 * matches when the article holds every token of the query (`search_tokens @> query_tokens`). So "开卡" (开, 卡, 开卡)
 * finds "如何办理开卡业务", while "卡开" (its pair 卡开) does not. Latin words match whole: with token arrays there is
 * no prefix search ("tran" does not find "transfer"). Pure.
 */

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;

/** The form text is compared in: NFKC (full-width to half-width, compatibility forms folded), lower case. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The runs of a text, normalised: each run of Chinese characters, and each word of letters or digits. These are also
 * what ranking counts and highlighting marks.
 */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  let run = '';
  let han = false;
  const flush = () => {
    if (run) terms.push(run);
    run = '';
  };
  for (const ch of normalizeText(text)) {
    if (HAN.test(ch)) {
      if (!han) flush();
      han = true;
      run += ch;
    } else if (WORD.test(ch)) {
      if (han) flush();
      han = false;
      run += ch;
    } else {
      flush();
    }
  }
  flush();
  return terms;
}

/** The distinct tokens of a text (for an article version and for a query alike), in order of first appearance. */
export function searchTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const term of searchTerms(text)) {
    const chars = [...term];
    if (!HAN.test(chars[0]!)) {
      tokens.add(term);
      continue;
    }
    for (let i = 0; i < chars.length; i++) {
      tokens.add(chars[i]!);
      if (i + 1 < chars.length) tokens.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...tokens];
}

