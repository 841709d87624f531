// Personal data that can turn up inside free text (an error message, a message built from a value): found by shape,
// so a value is masked even when nobody thought to give its key to the redaction list. Shared by the logger (which
// masks) and the log check (which fails a run that finds any).

/**
 * The shapes, for masking (`edge: 'digit'`: any digit run of the right length, even glued to letters, such as
 * `customerA13800138000`) or for finding (`edge: 'word'`: not inside a longer run of letters and digits, so a hash or
 * UUID that happens to hold 11 digits is not reported as a mobile).
 */
export function personalDataShapes(edge: 'digit' | 'word') {
  const start = edge === 'digit' ? '(?<!\\d)' : '(?<![0-9A-Za-z])';
  const end = edge === 'digit' ? '(?!\\d)' : '(?![0-9A-Za-z])';
  return {
    /** An e-mail address. */
    email: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g,
    /** A resident ID number's shape (GB 11643: 17 digits and a check character), valid or not. */
    idNumber: new RegExp(`${start}\\d{17}[\\dXx]${end}`, 'g'),
    /** A mainland mobile number, with or without +86, together or as 3-4-4. */
    mobile: new RegExp(`${start}(?:\\+?86[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}${end}`, 'g'),
    /** A bank card or account number: 13 to 19 digits, together or in groups split by spaces or dashes. */
    cardNumber: new RegExp(`${start}\\d(?:[ -]?\\d){12,18}${end}`, 'g'),
  };
}

const SHAPES = personalDataShapes('digit');

export const MASKS = { email: '[redacted:email]', idNumber: '[redacted:id-number]', mobile: '[redacted:mobile]', cardNumber: '[redacted:card-number]' } as const;

/**
 * `text` with every e-mail address, ID number, mobile number and card or account number replaced by a marker. The
 * order matters: an e-mail's mailbox may hold digits, an 18-digit ID number is also 13-19 digits long, and so is a
 * mobile written with +86.
 */
export function scrub(text: string): string {
  return text
    .replace(SHAPES.email, MASKS.email)
    .replace(SHAPES.idNumber, MASKS.idNumber)
    .replace(SHAPES.mobile, MASKS.mobile)
    .replace(SHAPES.cardNumber, MASKS.cardNumber);
}
