import { describe, expect, it } from 'vitest';
import { isMobileNumber, maskFullMobile, maskMobile } from './mobile';

describe('isMobileNumber', () => {
  it.each(['13800138000', '19912345678', '15000002222', ' 18600003333 '])('accepts %s', (m) => {
    expect(isMobileNumber(m)).toBe(true);
  });

  it.each([
    ['12345678901', 'second digit 2'],
    ['10012345678', 'second digit 0'],
    ['23800138000', 'does not start with 1'],
    ['1380013800', '10 digits'],
    ['138001380000', '12 digits'],
    ['1380013800a', 'a letter'],
    ['+8613800138000', 'country code'],
    ['138 0013 8000', 'spaces inside'],
    ['', 'empty'],
  ])('refuses %s (%s)', (m) => {
    expect(isMobileNumber(m)).toBe(false);
  });
});

describe('masking', () => {
  it('keeps the first three and last four of a full number', () => {
    expect(maskFullMobile('13812345678')).toBe('138****5678');
  });

  it('falls back to the last four when the number is not 11 digits', () => {
    expect(maskFullMobile('12345')).toBe('*******2345');
    expect(maskMobile('5678')).toBe('*******5678');
  });
});
