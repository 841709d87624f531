import { idNumberProblem } from '@/lib/customers/id-number';
import { chinaDate, isRealDate } from './dates';
import { GB11643_SHAPE, gb11643Facts, gb11643Problem } from './gb11643';
import type { DocumentProblem, DocumentType } from './types';

// Format assumptions (no checksum is published for the travel documents, so those are shape checks only):
// - hk_macao_permit (港澳居民来往内地通行证): H (Hong Kong) or M (Macao) + 8 digits on the card issued since 2013,
//   + 10 digits on the older booklet/card (the 8-digit number + a 2-digit issue count).
// - taiwan_permit (台湾居民来往大陆通行证): 8 digits on the card issued since 2015; the older booklet added a 2-character issue suffix
//   after the 8 digits (printed like 12345678(B)), so 10 characters, the first 8 digits. Brackets must be left out when typing.
// - passport: PRC ordinary passports (E + 8 digits, or E + a letter other than I/O + 7 digits on e-passports) and foreign
//   passports differ too much to be checked by country: 5-17 letters and digits with at least one digit.
// - foreign_permanent_residence (外国人永久居留身份证): the 2023 card follows GB 11643 (National Immigration Administration,
//   "新版外国人永久居留身份证机读信息规则", 2023): 9 + 2-digit province + 3-digit numeric nationality + YYYYMMDD + 2-digit sequence
//   + a gender digit + the MOD 11-2 check character. The 2004/2017 card: 3-letter (ISO 3166-1 alpha-3) nationality + 2-digit province
//   + YYMMDD + 4 digits; its last digit's check rule is not public, so only the date is checked.

const RESIDENCE_PERMIT_PREFIXES = ['810000', '820000', '830000'];

export const DOCUMENT_RULES: Record<DocumentType, { hasBirthDate: boolean; derivesGender: boolean; requiresExpiry: boolean }> = {
  // requiresExpiry everywhere: a resident ID may say 长期 (no end date), which the caller records as such.
  resident_id: { hasBirthDate: true, derivesGender: true, requiresExpiry: true },
  passport: { hasBirthDate: false, derivesGender: false, requiresExpiry: true },
  hk_macao_permit: { hasBirthDate: false, derivesGender: false, requiresExpiry: true },
  taiwan_permit: { hasBirthDate: false, derivesGender: false, requiresExpiry: true },
  hmt_residence_permit: { hasBirthDate: true, derivesGender: true, requiresExpiry: true },
  // Gender only from the 2023 card; documentFacts leaves it out for the older one.
  foreign_permanent_residence: { hasBirthDate: true, derivesGender: true, requiresExpiry: true },
};

/** Trims, uppercases and removes inner spaces; NFKC first turns full-width characters typed with a Chinese IME into ASCII. */
export function normaliseDocumentNumber(type: DocumentType, raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, '');
}

/** The first problem found, or null when the number is plausible for `type` on `today`. */
export function documentProblem(type: DocumentType, raw: string, today: Date = new Date()): DocumentProblem | null {
  const number = normaliseDocumentNumber(type, raw);
  if (number === '') return { code: 'empty' };
  switch (type) {
    case 'resident_id':
      return residentIdProblem(number, today);
    case 'hmt_residence_permit':
      return residencePermitProblem(number, today);
    case 'passport':
      return passportProblem(number);
    case 'hk_macao_permit':
      return hkMacaoPermitProblem(number);
    case 'taiwan_permit':
      return taiwanPermitProblem(number);
    case 'foreign_permanent_residence':
      return foreignPermanentResidenceProblem(number, today);
  }
}

/** Date of birth and gender where the number carries them; empty when it does not or when the number is not valid. */
export function documentFacts(
  type: DocumentType,
  raw: string,
  today: Date = new Date(),
): { birthDate?: string; gender?: 'male' | 'female' } {
  if (documentProblem(type, raw, today)) return {};
  const number = normaliseDocumentNumber(type, raw);
  if (type === 'resident_id' || type === 'hmt_residence_permit') return gb11643Facts(number);
  if (type === 'foreign_permanent_residence') {
    if (number.length === 18) return gb11643Facts(number);
    return { birthDate: oldPermanentResidenceBirthDate(number, today) };
  }
  return {};
}

function strayCharacter(number: string, allowed: RegExp): DocumentProblem | null {
  const stray = [...number].find((char) => !allowed.test(char));
  return stray === undefined ? null : { code: 'alphabet', values: { char: stray } };
}

function lengthProblem(number: string, expected: string): DocumentProblem {
  return { code: 'length', values: { length: String(number.length), expected } };
}

function residentIdProblem(id: string, today: Date): DocumentProblem | null {
  const stray = strayCharacter(id, /[\dX]/);
  if (stray) return stray;
  if (id.length !== 18) return lengthProblem(id, '18');
  if (!GB11643_SHAPE.test(id)) return { code: 'format' };
  // A number of another GB 11643 document typed under the wrong type: say which type it looks like.
  if (['81', '82', '83'].includes(id.slice(0, 2))) return { code: 'documentType', values: { type: 'hmt_residence_permit' } };
  if (id[0] === '9') return { code: 'documentType', values: { type: 'foreign_permanent_residence' } };
  // idNumberProblem checks the shape (already passed) and then the region, so 'region' from it means exactly that.
  if (idNumberProblem(id, today) === 'region') return { code: 'region', values: { region: id.slice(0, 2) } };
  return gb11643Problem(id, today);
}

function residencePermitProblem(id: string, today: Date): DocumentProblem | null {
  const stray = strayCharacter(id, /[\dX]/);
  if (stray) return stray;
  if (id.length !== 18) return lengthProblem(id, '18');
  if (!GB11643_SHAPE.test(id)) return { code: 'format' };
  if (!RESIDENCE_PERMIT_PREFIXES.includes(id.slice(0, 6))) return { code: 'prefix', values: { prefix: id.slice(0, 6) } };
  return gb11643Problem(id, today);
}

function passportProblem(number: string): DocumentProblem | null {
  const stray = strayCharacter(number, /[A-Z0-9]/);
  if (stray) return stray;
  if (number.length < 5 || number.length > 17) return lengthProblem(number, '5-17');
  if (!/\d/.test(number)) return { code: 'format' };
  return null;
}

function hkMacaoPermitProblem(number: string): DocumentProblem | null {
  const stray = strayCharacter(number, /[A-Z0-9]/);
  if (stray) return stray;
  if (number[0] !== 'H' && number[0] !== 'M') return { code: 'prefix', values: { prefix: number[0]! } };
  if (!/^[HM]\d*$/.test(number)) return { code: 'format' };
  if (number.length !== 9 && number.length !== 11) return lengthProblem(number, '9/11');
  return null;
}

function taiwanPermitProblem(number: string): DocumentProblem | null {
  const stray = strayCharacter(number, /[A-Z0-9]/);
  if (stray) return stray;
  if (number.length !== 8 && number.length !== 10) return lengthProblem(number, '8/10');
  if (!/^\d{8}/.test(number)) return { code: 'format' };
  return null;
}

function foreignPermanentResidenceProblem(number: string, today: Date): DocumentProblem | null {
  const stray = strayCharacter(number, /[A-Z0-9]/);
  if (stray) return stray;
  if (number.length === 18) {
    if (!GB11643_SHAPE.test(number)) return { code: 'format' };
    if (number[0] !== '9') return { code: 'prefix', values: { prefix: number[0]! } };
    return gb11643Problem(number, today);
  }
  if (number.length === 15) {
    if (!/^[A-Z]{3}\d{12}$/.test(number)) return { code: 'format' };
    const birthDate = oldPermanentResidenceBirthDate(number, today);
    const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
    if (!isRealDate(year, month, day)) return { code: 'birthDateInvalid', values: { date: birthDate } };
    return null;
  }
  return lengthProblem(number, '15/18');
}

/**
 * YYMMDD at positions 6-11 of the old card, as YYYY-MM-DD: the latest century that does not put it after today.
 * A holder born more than 100 years ago is therefore read as a child; the card's printed date of birth settles it.
 */
function oldPermanentResidenceBirthDate(number: string, today: Date): string {
  const monthDay = `${number.slice(7, 9)}-${number.slice(9, 11)}`;
  const recent = `20${number.slice(5, 7)}-${monthDay}`;
  return recent <= chinaDate(today) ? recent : `19${number.slice(5, 7)}-${monthDay}`;
}
