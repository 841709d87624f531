// PRC resident identity number (GB 11643-1999): 17 digits + a check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
// First two digits: province-level region codes (plus 81-83 for HK/Macao/Taiwan residence permits).
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

export type IdNumberProblem = 'format' | 'region' | 'birthDate' | 'checkDigit';

export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Returns the first problem found, or null when the number is valid on `today`. */
export function idNumberProblem(raw: string, today: Date = new Date()): IdNumberProblem | null {
  const id = normaliseIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return 'region';
  const birth = idBirthDate(id);
  if (!birth || birth > today || birth.getUTCFullYear() < 1900) return 'birthDate';
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return 'checkDigit';
  return null;
}

export function idBirthDate(id: string): Date | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date;
}

/** 110101********123X: region and the last four stay visible, the date of birth does not. */
export function maskIdNumber(last4: string): string {
  return `${'*'.repeat(14)}${last4}`;
}
