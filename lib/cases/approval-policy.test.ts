import { describe, expect, it } from 'vitest';
import {
  ruleWording,
  BUSINESS_TYPES,
  DEFAULT_APPROVAL_POLICY,
  FUND_MOVEMENTS,
  IDENTITY_CHANGES,
  LARGE_AMOUNT_FEN,
  MAX_AMOUNT_FEN,
  approvalPolicySchema,
  formatFen,
  requiredApproval,
  ruleMatches,
  slaMinutesFor,
  validateAmountFen,
  type ApprovalPolicy,
  type ApprovalRule,
  type PolicyFacts,
} from './approval-policy';

const facts = (over: Partial<PolicyFacts> = {}): PolicyFacts => ({
  business: 'transfer_external',
  amountFen: 100_000,
  customerRisk: 'low',
  channel: 'video',
  fieldsChanged: [],
  ...over,
});
const decide = (over: Partial<PolicyFacts> = {}) => requiredApproval(DEFAULT_APPROVAL_POLICY, facts(over));

describe('the default policy', () => {
  it('is a valid policy under its own schema, with the default SLAs and expiry', () => {
    expect(approvalPolicySchema.parse(DEFAULT_APPROVAL_POLICY)).toEqual(DEFAULT_APPROVAL_POLICY);
    expect(DEFAULT_APPROVAL_POLICY.slaMinutes).toEqual({ 1: 10, 2: 30 });
    expect(DEFAULT_APPROVAL_POLICY.expireAfterMinutes).toBe(240);
    expect(slaMinutesFor(DEFAULT_APPROVAL_POLICY, 0)).toBeNull();
    expect(slaMinutesFor(DEFAULT_APPROVAL_POLICY, 1)).toBe(10);
    expect(slaMinutesFor(DEFAULT_APPROVAL_POLICY, 2)).toBe(30);
  });

  it('has a rule for every business type (the default level is a safety net, not the policy)', () => {
    for (const business of BUSINESS_TYPES) expect(decide({ business, amountFen: null }).ruleIds.length, business).toBeGreaterThan(0);
  });

  it('fund movements: level 1 below CNY 50,000, level 2 from CNY 50,000', () => {
    expect(LARGE_AMOUNT_FEN).toBe(5_000_000);
    for (const business of FUND_MOVEMENTS) {
      expect(decide({ business, amountFen: 1 })).toEqual({ level: 1, ruleIds: ['fund_movement'], reasons: [expect.stringContaining('Every fund movement')] });
      expect(decide({ business, amountFen: 4_999_999 }).level, `${business} 49,999.99`).toBe(1);
      expect(decide({ business, amountFen: 5_000_000 }), `${business} 50,000.00`).toMatchObject({ level: 2, ruleIds: ['fund_movement_large'] });
      expect(decide({ business, amountFen: 80_000_000 }).level).toBe(2);
    }
  });

  it('the band boundary, from the amount the teller typed', () => {
    const typed = (s: string) => {
      const r = validateAmountFen(s);
      if (!r.ok) throw new Error(r.code);
      return decide({ business: 'transfer_internal', amountFen: r.fen }).level;
    };
    expect(typed('49999.99')).toBe(1);
    expect(typed('50000.00')).toBe(2);
    expect(typed('50,000')).toBe(2);
  });

  it('a fund movement without an amount does not match the amount rule (still a supervisor)', () => {
    expect(decide({ business: 'payout', amountFen: null })).toMatchObject({ level: 1, ruleIds: ['fund_movement'] });
  });

  it('a high-risk customer: any fund movement, however small, needs two supervisors', () => {
    expect(decide({ customerRisk: 'high', amountFen: 100 })).toMatchObject({ level: 2, ruleIds: ['fund_movement_high_risk'] });
    expect(decide({ customerRisk: 'medium', amountFen: 100 }).level).toBe(1);
  });

  it('ruleIds and reasons name every rule that gave the maximum, in policy order, and only those', () => {
    const r = decide({ customerRisk: 'high', amountFen: 10_000_000 });
    expect(r.level).toBe(2);
    expect(r.ruleIds).toEqual(['fund_movement_large', 'fund_movement_high_risk']);
    expect(r.ruleIds).not.toContain('fund_movement');
    expect(r.reasons).toHaveLength(2);
    expect(r.reasons[0]).toContain('CNY 50,000');
    expect(r.reasons[1]).toContain('high-risk');
  });

  it('identity changes need one supervisor', () => {
    for (const business of IDENTITY_CHANGES) {
      expect(decide({ business, amountFen: null, fieldsChanged: ['name'] })).toMatchObject({ level: 1, ruleIds: ['identity_change'] });
    }
    expect(IDENTITY_CHANGES).toEqual(expect.arrayContaining(['change_name', 'change_document', 'change_birth_date', 'change_mobile']));
  });

  it('a contact change, a card loss and a card activation need none', () => {
    expect(decide({ business: 'change_contact', amountFen: null, fieldsChanged: ['address'] })).toMatchObject({ level: 0, ruleIds: ['low_impact'] });
    expect(decide({ business: 'card_loss', amountFen: null })).toMatchObject({ level: 0, ruleIds: ['self_protection'] });
    expect(decide({ business: 'card_activation', amountFen: null })).toMatchObject({ level: 0, ruleIds: ['low_impact'] });
    // Even for a high-risk customer: a card loss must never wait in a queue.
    expect(decide({ business: 'card_loss', amountFen: null, customerRisk: 'high' }).level).toBe(0);
  });

  it('unfreeze, password reset, limit change, account closure, account and card opening need one', () => {
    for (const business of ['unfreeze', 'password_reset', 'limit_change', 'account_closure', 'open_account', 'open_card'] as const) {
      expect(decide({ business, amountFen: null }).level, business).toBe(1);
    }
  });

  it('every description has Chinese and English', () => {
    for (const rule of DEFAULT_APPROVAL_POLICY.rules) {
      expect(rule.description).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.description).toMatch(/[A-Za-z]{3,}/);
    }
  });
});

describe('a custom policy', () => {
  const policy: ApprovalPolicy = approvalPolicySchema.parse({
    rules: [
      {
        id: 'chat_no_money',
        description: 'Chat is text only: fund movements need two supervisors',
        when: { businesses: ['payout'], channels: ['chat'] },
        level: 2,
      },
      { id: 'name_or_id', description: 'Name or document number', when: { fieldsAny: ['name', 'documentNumber'] }, level: 1 },
      { id: 'amount_any', description: 'Anything with an amount from CNY 10', when: { minAmountFen: 1_000 }, level: 1 },
    ],
    defaultLevel: 0,
    slaMinutes: { 1: 5, 2: 15 },
    expireAfterMinutes: 60,
  });

  it('a channel rule matches only its channel', () => {
    expect(requiredApproval(policy, facts({ business: 'payout', channel: 'chat', amountFen: 500 }))).toEqual({
      level: 2,
      ruleIds: ['chat_no_money'],
      reasons: ['Chat is text only: fund movements need two supervisors'],
    });
    expect(requiredApproval(policy, facts({ business: 'open_account', channel: 'phone', amountFen: null }))).toEqual({ level: 0, ruleIds: [], reasons: [] });
  });

  it('never takes the second pair of eyes off a fund movement or an identity change, whatever it says', () => {
    // This policy's default is 0 and none of its rules match these: the floor of one supervisor holds.
    expect(requiredApproval(policy, facts({ business: 'payout', channel: 'phone', amountFen: 500 }))).toEqual({ level: 1, ruleIds: [], reasons: [] });
    expect(requiredApproval(policy, facts({ business: 'transfer_internal', channel: 'chat', amountFen: 500 })).level).toBe(1);
    expect(requiredApproval(policy, facts({ business: 'change_mobile', amountFen: null, fieldsChanged: ['mobile'] })).level).toBe(1);
    expect(requiredApproval(policy, facts({ business: 'change_birth_date', amountFen: null, fieldsChanged: ['birth_date'] })).level).toBe(1);
    expect(requiredApproval({ ...policy, rules: [{ id: 'none', description: 'nothing', when: { businesses: ['change_name'] }, level: 0 }] }, facts({ business: 'change_name', amountFen: null })).level).toBe(1);
  });

  it('a fieldsAny rule matches when any listed field changes', () => {
    expect(requiredApproval(policy, facts({ business: 'change_name', amountFen: null, fieldsChanged: ['name'] })).ruleIds).toEqual(['name_or_id']);
    expect(requiredApproval(policy, facts({ business: 'change_document', amountFen: null, fieldsChanged: ['expiry', 'documentNumber'] })).level).toBe(1);
    expect(requiredApproval(policy, facts({ business: 'change_contact', amountFen: null, fieldsChanged: ['address'] })).level).toBe(0);
    expect(requiredApproval(policy, facts({ business: 'change_contact', amountFen: null, fieldsChanged: undefined })).level).toBe(0);
  });

  it('minAmountFen alone: inclusive, and never for a null amount', () => {
    expect(requiredApproval(policy, facts({ business: 'limit_change', amountFen: 1_000 })).ruleIds).toEqual(['amount_any']);
    expect(requiredApproval(policy, facts({ business: 'limit_change', amountFen: 999 })).level).toBe(0);
    expect(requiredApproval(policy, facts({ business: 'limit_change', amountFen: null })).level).toBe(0);
  });

  it('the maximum wins whatever the order of rules; equal levels are all listed', () => {
    const f = facts({ business: 'payout', channel: 'chat', amountFen: 5_000 });
    expect(requiredApproval(policy, f)).toMatchObject({ level: 2, ruleIds: ['chat_no_money'] });
    expect(requiredApproval({ ...policy, rules: [...policy.rules].reverse() }, f)).toMatchObject({ level: 2, ruleIds: ['chat_no_money'] });
    const both = facts({ business: 'change_name', amountFen: 2_000, fieldsChanged: ['name'] });
    expect(requiredApproval(policy, both)).toMatchObject({ level: 1, ruleIds: ['name_or_id', 'amount_any'] });
  });

  it('every condition present must hold (conditions are AND-ed)', () => {
    const rule: ApprovalRule = { id: 'r', description: 'd', level: 2, when: { businesses: ['payout'], customerRisk: ['high'], channels: ['phone'] } };
    expect(ruleMatches(rule, facts({ business: 'payout', customerRisk: 'high', channel: 'phone' }))).toBe(true);
    expect(ruleMatches(rule, facts({ business: 'payout', customerRisk: 'high', channel: 'video' }))).toBe(false);
    expect(ruleMatches(rule, facts({ business: 'payout', customerRisk: 'low', channel: 'phone' }))).toBe(false);
    expect(ruleMatches(rule, facts({ business: 'transfer_internal', customerRisk: 'high', channel: 'phone' }))).toBe(false);
    expect(ruleMatches({ ...rule, when: {} }, facts())).toBe(true);
  });

  it('no rule matching gives the default level with no rule named', () => {
    expect(requiredApproval({ ...policy, rules: [], defaultLevel: 2 }, facts())).toEqual({ level: 2, ruleIds: [], reasons: [] });
  });
});

describe('the policy schema refuses bad configurations', () => {
  const base = () => structuredClone(DEFAULT_APPROVAL_POLICY) as unknown as Record<string, unknown> & { rules: Record<string, unknown>[] };
  const refuses = (config: unknown) => expect(approvalPolicySchema.safeParse(config).success).toBe(false);

  it('level 3, in a rule or as the default', () => {
    const a = base();
    a.rules[0]!.level = 3;
    refuses(a);
    refuses({ ...base(), defaultLevel: 3 });
    refuses({ ...base(), defaultLevel: -1 });
    refuses({ ...base(), defaultLevel: '1' });
  });

  it('negative or fractional amounts, amounts beyond the maximum', () => {
    for (const minAmountFen of [-1, 1.5, MAX_AMOUNT_FEN + 1, Number.NaN]) {
      const p = base();
      p.rules[1]!.when = { businesses: ['payout'], minAmountFen };
      refuses(p);
    }
  });

  it('missing or bad slaMinutes and expiry', () => {
    const { slaMinutes: _sla, ...noSla } = base();
    refuses(noSla);
    refuses({ ...base(), slaMinutes: { 1: 10 } });
    refuses({ ...base(), slaMinutes: { 1: 0, 2: 30 } });
    refuses({ ...base(), slaMinutes: { 1: 10, 2: 2.5 } });
    refuses({ ...base(), expireAfterMinutes: 0 });
    // Expiring before a supervisor is even due to decide makes no sense.
    refuses({ ...base(), expireAfterMinutes: 20 });
    expect(approvalPolicySchema.safeParse({ ...base(), expireAfterMinutes: 30 }).success).toBe(true);
  });

  it('unknown businesses, risks, channels, unknown conditions, empty lists', () => {
    const bad: unknown[] = [
      { businesses: ['wire_to_moon'] },
      { customerRisk: ['extreme'] },
      { channels: ['fax'] },
      { minAmount: 100 },
      { businesses: [] },
      { fieldsAny: [] },
      { fieldsAny: [''] },
    ];
    for (const when of bad) {
      const p = base();
      p.rules[0]!.when = when;
      refuses(p);
    }
  });

  it('duplicate or malformed rule ids, empty descriptions', () => {
    const dup = base();
    dup.rules[1]!.id = dup.rules[0]!.id;
    const result = approvalPolicySchema.safeParse(dup);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['rules', 1, 'id']);
    const spaced = base();
    spaced.rules[0]!.id = 'has space';
    refuses(spaced);
    const empty = base();
    empty.rules[0]!.description = '  ';
    refuses(empty);
  });
});

describe('validateAmountFen: yuan as typed → integer fen', () => {
  it.each([
    ['80000.00', 8_000_000],
    ['12.5', 1_250],
    ['100.5', 10_050],
    ['0.01', 1],
    [' 100 ', 10_000],
    ['100', 10_000],
    ['007.10', 710],
    ['80,000.00', 8_000_000],
    ['1,234,567.89', 123_456_789],
    // The classic floating point traps: 0.29 * 100 = 28.999999999999996, 1.1 * 100 = 110.00000000000001.
    ['0.29', 29],
    ['1.10', 110],
    ['4.35', 435],
    ['1000000000.00', MAX_AMOUNT_FEN],
    ['1000000000', MAX_AMOUNT_FEN],
  ])('%j → %d fen', (input, fen) => {
    expect(validateAmountFen(input)).toEqual({ ok: true, fen });
  });

  it.each([
    ['abc', 'not_number'],
    ['1e5', 'not_number'],
    ['', 'not_number'],
    ['   ', 'not_number'],
    ['.5', 'not_number'],
    ['1.', 'not_number'],
    ['+5', 'not_number'],
    ['¥100', 'not_number'],
    ['1 000', 'not_number'],
    ['1,00', 'not_number'],
    ['1,0000', 'not_number'],
    ['12,5', 'not_number'],
    ['Infinity', 'not_number'],
    ['NaN', 'not_number'],
    ['0x10', 'not_number'],
    ['0', 'not_positive'],
    ['0.00', 'not_positive'],
    ['000', 'not_positive'],
    ['-1', 'not_positive'],
    ['-0', 'not_positive'],
    ['-0.01', 'not_positive'],
    ['1.234', 'fractional_fen'],
    ['0.001', 'fractional_fen'],
    ['1.230', 'fractional_fen'],
    ['1000000000.01', 'too_large'],
    ['1000000001', 'too_large'],
    ['99999999999999999999999999', 'too_large'],
    ['9'.repeat(400), 'too_large'],
  ])('%j → %s', (input, code) => {
    expect(validateAmountFen(input)).toEqual({ ok: false, code });
  });

  it('non-strings: finite numbers by their decimal string, anything else is not a number', () => {
    expect(validateAmountFen(12.5)).toEqual({ ok: true, fen: 1_250 });
    expect(validateAmountFen(0.1 + 0.2)).toEqual({ ok: false, code: 'fractional_fen' });
    expect(validateAmountFen(-3)).toEqual({ ok: false, code: 'not_positive' });
    expect(validateAmountFen(1e21)).toEqual({ ok: false, code: 'not_number' });
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, {}, ['1'], true, 10n]) {
      expect(validateAmountFen(v)).toEqual({ ok: false, code: 'not_number' });
    }
  });

  it('round-trips with formatFen', () => {
    for (const fen of [1, 99, 100, 10_050, 4_999_999, 5_000_000, 123_456_789, MAX_AMOUNT_FEN]) {
      expect(validateAmountFen(formatFen(fen))).toEqual({ ok: true, fen });
    }
  });
});

describe('formatFen', () => {
  it.each([
    [8_000_000, '80,000.00'],
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [99, '0.99'],
    [100, '1.00'],
    [123_456, '1,234.56'],
    [100_000, '1,000.00'],
    [99_999, '999.99'],
    [123_456_789, '1,234,567.89'],
    [MAX_AMOUNT_FEN, '1,000,000,000.00'],
    [-5, '-0.05'],
    [-123_456, '-1,234.56'],
  ])('%d → %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('refuses a fractional or unsafe amount of fen (a bug upstream, not something to round)', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
    expect(() => formatFen(Number.NaN)).toThrow(RangeError);
    expect(() => formatFen(2 ** 53)).toThrow(RangeError);
  });
});

describe('rule wording', () => {
  it('reads a rule from its data, so a changed amount band shows its new figure', () => {
    const large = DEFAULT_APPROVAL_POLICY.rules.find((r) => r.id === 'fund_movement_large')!;
    expect(ruleWording(large)).toEqual({ key: 'fund_movement_large', values: { amount: '50,000.00' } });
    expect(ruleWording({ ...large, when: { ...large.when, minAmountFen: 10_000_000 } })).toEqual({ key: 'fund_movement_large', values: { amount: '100,000.00' } });
    expect(ruleWording({ id: 'custom', description: '自定义 Custom', when: {}, level: 1 })).toEqual({ text: '自定义 Custom' });
  });
});
