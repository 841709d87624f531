import { describe, expect, it } from 'vitest';
import { isAccountNumber, luhnCheckDigit, passesLuhn } from './luhn';

describe('Luhn', () => {
  it('computes the check digit of known numbers', () => {
    // Published test numbers: 79927398713 (the Luhn example), 4111 1111 1111 1111 (Visa test card).
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('6222021234567890128')).toBe(luhnCheckDigit('622202123456789012') === '8');
  });

  it('catches a single wrong digit and a swap of neighbours', () => {
    expect(passesLuhn('79927398710')).toBe(false);
    expect(passesLuhn('79927389713')).toBe(false);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });

  it('account numbers: 17 digits with the check digit', () => {
    const body = '3101000000000123';
    const number = body + luhnCheckDigit(body);
    expect(isAccountNumber(number)).toBe(true);
    expect(isAccountNumber(number.slice(0, -1) + ((Number(number.at(-1)) + 1) % 10))).toBe(false);
    expect(isAccountNumber(`${number}0`)).toBe(false);
    expect(isAccountNumber('3101a00000000123' + '4')).toBe(false);
  });
});
