import { describe, expect, it } from 'vitest';
import { idBirthDate, idCheckCharacter, idNumberProblem, maskIdNumber, normaliseIdNumber } from './id-number';

/** Builds a number with a correct check character, so only the part under test is wrong. */
const withCheck = (first17: string) => first17 + idCheckCharacter(first17);
const TODAY = new Date(Date.UTC(2025, 5, 1));

describe('idNumberProblem', () => {
  it.each(['11010519491231002X', '440308199001012215', '310104198506153515', '510107197803214427', '330106200101011232'])('accepts the valid number %s', (id) => {
    expect(idNumberProblem(id, TODAY)).toBeNull();
  });

  it('accepts a lowercase x and surrounding spaces', () => {
    expect(idNumberProblem('  11010519491231002x ', TODAY)).toBeNull();
    expect(normaliseIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('computes the GB 11643 check character, X included', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('44030819900101221')).toBe('5');
  });

  it.each([
    ['11010519491231002Y', 'letter other than X'],
    ['1101051949123100', 'too short'],
    ['1101051949123100201', 'too long'],
    ['X10105194912310021', 'X not at the end'],
    ['', 'empty'],
    ['11010519491231 02X', 'space inside'],
  ])('refuses %s as format (%s)', (id) => {
    expect(idNumberProblem(id, TODAY)).toBe('format');
  });

  it('refuses a wrong check digit', () => {
    expect(idNumberProblem('110105194912310021', TODAY)).toBe('checkDigit');
    expect(idNumberProblem('440308199001012216', TODAY)).toBe('checkDigit');
  });

  it.each(['99', '00', '10', '80'])('refuses the unknown region %s', (region) => {
    expect(idNumberProblem(withCheck(`${region}0105194912310021`.slice(0, 17)), TODAY)).toBe('region');
  });

  it('accepts the residence-permit regions 81-83', () => {
    expect(idNumberProblem(withCheck('81000019900101123'), TODAY)).toBeNull();
  });

  it.each([
    ['11010519900230123', 'February 30'],
    ['11010519901301123', 'month 13'],
    ['11010519900001123', 'month 0'],
    ['11010519900100123', 'day 0'],
    ['11010518991231123', 'before 1900'],
    ['11010520990101123', 'far future'],
  ])('refuses an impossible birth date %s (%s)', (first17) => {
    expect(idNumberProblem(withCheck(first17), TODAY)).toBe('birthDate');
  });

  it('judges the birth date against the given day', () => {
    const bornJune2 = withCheck('11010520250602123');
    expect(idNumberProblem(bornJune2, TODAY)).toBe('birthDate');
    expect(idNumberProblem(bornJune2, new Date(Date.UTC(2025, 5, 2)))).toBeNull();
  });

  it('accepts 29 February only in a leap year', () => {
    expect(idNumberProblem(withCheck('11010520000229123'), TODAY)).toBeNull();
    expect(idNumberProblem(withCheck('11010519990229123'), TODAY)).toBe('birthDate');
  });
});

describe('idBirthDate and maskIdNumber', () => {
  it('reads the birth date in UTC', () => {
    expect(idBirthDate('11010519491231002X')?.toISOString()).toBe('1949-12-31T00:00:00.000Z');
  });

  it('masks everything but the last four', () => {
    expect(maskIdNumber('002X')).toBe('**************002X');
    expect(maskIdNumber('002X')).toHaveLength(18);
  });
});
