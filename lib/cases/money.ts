import { MAX_AMOUNT_FEN } from './constants';

// Amounts as typed and shown, zod-free so client components can format fen without the schemas.

export type AmountCheck = { ok: true; fen: number } | { ok: false; code: 'not_number' | 'not_positive' | 'fractional_fen' | 'too_large' };

// Yuan as typed: digits (optionally grouped by thousands with commas, as formatFen writes them), an optional decimal
// part. No exponents, no signs other than a leading minus (reported as not positive), no currency symbols.
const AMOUNT = /^(-)?(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * Parses an amount the teller typed in yuan ("80000.00", "12.5", "80,000") into integer fen, without floating point:
 * the integer and decimal digits are read separately, so "0.29" is 29 fen and never 28.999... A number is accepted
 * as its decimal string (a form posts strings; an API may not). At most 2 decimals, more than zero, at most CNY 1 billion.
 */
export function validateAmountFen(value: unknown): AmountCheck {
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
  const match = text === null ? null : AMOUNT.exec(text);
  if (!match) return { ok: false, code: 'not_number' };
  const [, minus, grouped, decimals = ''] = match;
  const integer = (grouped ?? '').replaceAll(',', '').replace(/^0+(?=\d)/, '');
  const zero = /^0+$/.test(integer) && /^0*$/.test(decimals);
  if (minus || zero) return { ok: false, code: 'not_positive' };
  if (decimals.length > 2) return { ok: false, code: 'fractional_fen' };
  // Compare by length first: a long digit string would lose precision as a Number.
  if (integer.length > String(MAX_AMOUNT_FEN / 100).length) return { ok: false, code: 'too_large' };
  const fen = Number(integer) * 100 + Number(decimals.padEnd(2, '0'));
  if (fen > MAX_AMOUNT_FEN) return { ok: false, code: 'too_large' };
  return { ok: true, fen };
}

/** Integer fen as yuan with thousands separators and two decimals: 8000000 → "80,000.00", -5 → "-0.05". */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`formatFen: not an integer amount of fen: ${fen}`);
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
