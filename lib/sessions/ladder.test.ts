import { describe, expect, it } from 'vitest';
import { ladderRulesSchema, mayConfirm, missingSteps, requiredSteps, resendCheck, type LadderRules } from './ladder';

const rules: LadderRules = {
  change_mobile: { low: ['basic', 'otp'], medium: ['otp', 'basic', 'password'], high: ['basic', 'password', 'otp'] },
  change_name: { low: ['basic', 'password'], medium: ['basic'], high: ['basic'] },
  change_document: { low: ['basic'], medium: ['basic'], high: ['basic'] },
  change_birth_date: { low: ['basic'], medium: ['basic'], high: ['basic'] },
  change_contact: { low: ['basic'], medium: ['basic'], high: ['basic'] },
  fund_movement: { low: ['basic'], medium: ['basic'], high: ['basic'] },
  card_service: { low: ['basic'], medium: ['basic'], high: ['basic'] },
};

describe('the verification ladder', () => {
  it('takes the required steps from the policy by risk level, in ladder order, confirmation always last', () => {
    expect(requiredSteps(rules, 'change_mobile', 'low')).toEqual(['basic', 'otp', 'confirmation']);
    expect(requiredSteps(rules, 'change_mobile', 'medium')).toEqual(['basic', 'password', 'otp', 'confirmation']);
    expect(requiredSteps(rules, 'change_contact', 'low')).toEqual(['basic', 'confirmation']);
  });

  it("the session's full ladder is every step some business needs, in ladder order", () => {
    expect(requiredSteps(rules, 'any', 'low')).toEqual(['basic', 'password', 'otp', 'confirmation']);
    expect(requiredSteps(rules, 'any', 'high')).toEqual(['basic', 'password', 'otp', 'confirmation']);
  });

  it('a mobile change needs every required step passed', () => {
    const required = requiredSteps(rules, 'change_mobile', 'high');
    expect(missingSteps(required, {})).toEqual(['basic', 'password', 'otp', 'confirmation']);
    expect(missingSteps(required, { basic: 'pass', password: 'pass', otp: 'fail' })).toEqual(['otp', 'confirmation']);
    expect(missingSteps(required, { basic: 'pass', password: 'pass', otp: 'pass', confirmation: 'pass' })).toEqual([]);
  });

  it('confirmation comes last', () => {
    const required = requiredSteps(rules, 'change_mobile', 'high');
    expect(mayConfirm(required, { basic: 'pass', otp: 'pass' })).toBe(false);
    expect(mayConfirm(required, { basic: 'pass', password: 'pass', otp: 'pass' })).toBe(true);
    expect(mayConfirm(required, { basic: 'pass', password: 'pass', otp: 'pass', confirmation: 'fail' })).toBe(true);
  });

  it('a policy must cover every business and risk level, each with basic information', () => {
    expect(ladderRulesSchema.safeParse(rules).success).toBe(true);
    expect(ladderRulesSchema.safeParse({ change_mobile: { low: ['basic'], medium: ['basic'] } }).success).toBe(false);
    expect(ladderRulesSchema.safeParse({ change_mobile: { low: ['otp'], medium: ['basic'], high: ['basic'] } }).success).toBe(false);
    expect(ladderRulesSchema.safeParse({ change_mobile: { low: ['basic', 'confirmation'], medium: ['basic'], high: ['basic'] } }).success).toBe(false);
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
