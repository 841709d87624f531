import { describe, expect, it } from 'vitest';
import { mayConfirm, missingSteps, resendCheck } from './ladder';

describe('the verification ladder', () => {
  it('a mobile change needs basic information, a one-time code and confirmation, all passed', () => {
    expect(missingSteps('change_mobile', {})).toEqual(['basic', 'otp', 'confirmation']);
    expect(missingSteps('change_mobile', { basic: 'pass', otp: 'fail' })).toEqual(['otp', 'confirmation']);
    expect(missingSteps('change_mobile', { basic: 'pass', otp: 'pass', confirmation: 'pass' })).toEqual([]);
  });

  it('confirmation comes last', () => {
    expect(mayConfirm('change_mobile', { basic: 'pass' })).toBe(false);
    expect(mayConfirm('change_mobile', { basic: 'pass', otp: 'pass' })).toBe(true);
    expect(mayConfirm('change_mobile', { basic: 'pass', otp: 'pass', confirmation: 'fail' })).toBe(true);
  });

  it('limits resending: 30 s apart, 3 codes in 10 minutes', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    expect(resendCheck([], now)).toBe('ok');
    expect(resendCheck([ago(10)], now)).toBe('tooSoon');
    expect(resendCheck([ago(31)], now)).toBe('ok');
    expect(resendCheck([ago(400), ago(200), ago(100)], now)).toBe('limit');
    expect(resendCheck([ago(700), ago(200), ago(100)], now)).toBe('ok');
    expect(resendCheck([], now, [ago(500), ago(400), ago(300), ago(200), ago(100)])).toBe('customerLimit');
    expect(resendCheck([], now, [ago(700), ago(400), ago(300), ago(200), ago(100)])).toBe('ok');
  });
});
