import type { DocumentProblem } from './types';

// Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character alphabet without I, O, S, V, Z.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// First character, the registration authority (登记管理部门): 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会,
// 9 市场监管 (工商), A 中央军委改革和编制办公室, N 农业农村, Y 其他. The second character (organisation type) is not checked: its allowed
// set per authority has grown by later allocations and a stale list would refuse real codes.
const AUTHORITIES = '123456789ANY';

export function normaliseCreditCode(raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, '');
}

/** The 18th character for the first 17; call only with 17 characters from the alphabet. */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** The first problem found, or null. The organisation-code part (positions 9-17) has no check of its own here: sole traders' codes do not follow GB 11714. */
export function creditCodeProblem(raw: string): DocumentProblem | null {
  const code = normaliseCreditCode(raw);
  if (code === '') return { code: 'empty' };
  const stray = [...code].find((char) => !ALPHABET.includes(char));
  if (stray !== undefined) return { code: 'alphabet', values: { char: stray } };
  if (code.length !== 18) return { code: 'length', values: { length: String(code.length), expected: '18' } };
  if (!AUTHORITIES.includes(code[0]!)) return { code: 'authority', values: { char: code[0]! } };
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) return { code: 'checkCharacter', values: { expected } };
  return null;
}
