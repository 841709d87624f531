import { idBirthDate, idCheckCharacter } from '@/lib/customers/id-number';
import { chinaDate } from './dates';
import type { DocumentProblem } from './types';

// Numbers built on GB 11643-1999 (公民身份号码): the resident ID, the HK/Macao/Taiwan residence permit and the 2023 foreign permanent
// residence card all carry YYYYMMDD at positions 7-14, a sequence whose last digit (17th) is odd for men, and the MOD 11-2 check character.
export const GB11643_SHAPE = /^\d{17}[\dX]$/;

/** Date of birth and check character of a number already of GB11643_SHAPE. */
export function gb11643Problem(id: string, today: Date): DocumentProblem | null {
  const written = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  // 1900 as the floor, like idNumberProblem: nobody alive holds an earlier date.
  if (!idBirthDate(id) || written < '1900-01-01') return { code: 'birthDateInvalid', values: { date: written } };
  if (written > chinaDate(today)) return { code: 'birthDateFuture', values: { date: written } };
  const expected = idCheckCharacter(id.slice(0, 17));
  if (id[17] !== expected) return { code: 'checkCharacter', values: { expected } };
  return null;
}

/** Facts of a number that passed gb11643Problem. */
export function gb11643Facts(id: string): { birthDate: string; gender: 'male' | 'female' } {
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}
