import { normalizeText } from './tokens';

/**
 * Search hits marked in a title or a snippet. The text is returned as segments (a hit or not) that React renders as
 * text and <mark>, so nothing in an article can become markup. Matching is on the normalised text (full-width,
 * case), marking on the original characters. A Chinese term found whole is marked whole; otherwise its character pairs
 * are (the search matched them), so a teller sees why the article came up. Pure.
 */
export type Segment = { text: string; hit: boolean };

const HAN = /\p{Script=Han}/u;

/** The normalised text and, for each of its UTF-16 units, the index of the original character it came from. */
function fold(chars: readonly string[]): { norm: string; at: number[] } {
  let norm = '';
  const at: number[] = [];
  chars.forEach((ch, i) => {
    const n = normalizeText(ch);
    norm += n;
    for (let k = 0; k < n.length; k++) at.push(i);
  });
  return { norm, at };
}

/** Which original characters a hit covers: every occurrence of each term, or of a Chinese term's pairs. */
function hitMask(chars: readonly string[], terms: readonly string[]): boolean[] {
  const { norm, at } = fold(chars);
  const mask = chars.map(() => false);
  const mark = (needle: string) => {
    if (!needle) return false;
    let found = false;
    for (let i = norm.indexOf(needle); i >= 0; i = norm.indexOf(needle, i + needle.length)) {
      for (let k = i; k < i + needle.length; k++) mask[at[k]!] = true;
      found = true;
    }
    return found;
  };
  for (const term of terms) {
    const cps = [...term];
    if (mark(term) || cps.length < 3 || !HAN.test(cps[0]!)) continue;
    for (let i = 0; i + 1 < cps.length; i++) mark(cps[i]! + cps[i + 1]!);
  }
  return mask;
}

export function highlight(text: string, terms: readonly string[]): Segment[] {
  const chars = [...text];
  const mask = hitMask(chars, terms);
  const out: Segment[] = [];
  chars.forEach((ch, i) => {
    const last = out.at(-1);
    if (last && last.hit === mask[i]) last.text += ch;
    else out.push({ text: ch, hit: mask[i]! });
  });
  return out;
}

/**
 * About `width` characters of `text` (whitespace folded) around its first hit, with an ellipsis where it was cut; the
 * beginning when nothing is hit.
 */
export function snippet(text: string, terms: readonly string[], width = 120): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  if (chars.length <= width) return chars.join('');
  const first = hitMask(chars, terms).indexOf(true);
  const start = first < 0 ? 0 : Math.max(0, Math.min(first - Math.floor(width / 3), chars.length - width));
  const end = start + width;
  return `${start > 0 ? '…' : ''}${chars.slice(start, end).join('')}${end < chars.length ? '…' : ''}`;
}
