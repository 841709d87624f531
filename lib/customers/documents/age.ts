import { chinaDate, parseIsoDate } from './dates';

/**
 * Age in whole years (周岁) on the China calendar date of `today`. Compares month and day rather than adding years to a Date,
 * so someone born on 29 February turns a year older on 1 March in a common year.
 * A birth date after today gives a negative age; a malformed birth date throws a RangeError.
 */
export function ageOn(birthDate: string, today: Date = new Date()): number {
  const birth = parseIsoDate(birthDate);
  const now = parseIsoDate(chinaDate(today));
  const birthdayPassed = now.month > birth.month || (now.month === birth.month && now.day >= birth.day);
  return now.year - birth.year - (birthdayPassed ? 0 : 1);
}

/** Under 18 (未成年人): business for a minor needs a guardian. */
export function isMinor(birthDate: string, today: Date = new Date()): boolean {
  return ageOn(birthDate, today) < 18;
}

/** At or over `thresholdYears` (default 65), the age at which the bank's elderly-customer care applies. */
export function isElderly(birthDate: string, thresholdYears = 65, today: Date = new Date()): boolean {
  return ageOn(birthDate, today) >= thresholdYears;
}
