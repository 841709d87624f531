/**
 * One HTTP byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) against an object of `size` bytes, capped at `maxChunk`
 * bytes. Undefined when there is no (usable) Range header, so the whole object is sent; several ranges are not
 * supported and are answered whole as well.
 */
export function parseByteRange(header: string | null, size: number, maxChunk: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end: Math.min(end, start + maxChunk - 1) };
}
