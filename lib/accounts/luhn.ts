/**
 * The Luhn (mod 10) check digit, which bank card numbers carry (ISO/IEC 7812) and our account numbers carry too: it
 * catches every single-digit typo and most transpositions when a number is read out over the phone.
 */
export function luhnCheckDigit(body: string): string {
  let sum = 0;
  // From the rightmost digit of the body, every other digit (starting with that one) is doubled.
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function passesLuhn(number: string): boolean {
  return /^\d{2,}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === number.slice(-1);
}

/** Our account numbers: 17 digits, the last a Luhn check digit. */
export function isAccountNumber(value: string): boolean {
  return /^\d{17}$/.test(value) && passesLuhn(value);
}

/** A card or account number as screens show it: the last 4 only. */
export function maskNumber(last4: string): string {
  return `**** **** ${last4}`;
}
