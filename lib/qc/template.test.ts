import { describe, expect, it } from 'vitest';
import { computeScore, inTellersFavour, itemsOf, ratingProblems, templateDefinitionSchema, type Ratings, type TemplateDefinition } from './template';

const definition: TemplateDefinition = templateDefinitionSchema.parse({
  sections: [
    {
      key: 'opening',
      title: '开场与身份声明',
      items: [{ key: 'greeting', title: '规范问候并报工号', weight: 10, scale: { kind: 'yes_no' } }],
    },
    {
      key: 'verification',
      title: '身份核验合规',
      items: [
        { key: 'otp_high_risk', title: '高风险业务校验动态口令', weight: 30, scale: { kind: 'yes_no' }, critical: true, auto: 'verification_before_request' },
        { key: 'confirmation', title: '完成身份确认', weight: 10, scale: { kind: 'yes_no' }, auto: 'confirmation_done' },
      ],
    },
    {
      key: 'service',
      title: '服务态度',
      items: [
        { key: 'attitude', title: '语气耐心', weight: 20, scale: { kind: 'points', max: 4 } },
        { key: 'risk_disclosure', title: '风险提示', weight: 30, scale: { kind: 'yes_no' }, allowNa: true },
      ],
    },
  ],
});

const all = (over: Ratings = {}): Ratings => ({
  greeting: { value: 'yes' },
  otp_high_risk: { value: 'yes' },
  confirmation: { value: 'yes' },
  attitude: { value: 4 },
  risk_disclosure: { value: 'yes' },
  ...over,
});

describe('score computation', () => {
  it('a full score is 100', () => {
    expect(computeScore(definition, all())).toMatchObject({ score: 100, criticalFailure: false, earned: 100, possible: 100, failed: [] });
  });

  it('weights the items: a failed 10-point item and half the attitude points', () => {
    // earned = 0 + 30 + 10 + 20 * 2/4 + 30 = 80 of 100
    expect(computeScore(definition, all({ greeting: { value: 'no' }, attitude: { value: 2 } }))).toMatchObject({ score: 80, earned: 80, possible: 100, failed: ['greeting'] });
  });

  it('leaves N/A items out of the denominator', () => {
    // possible = 100 - 30 = 70; earned = 70 - 10 (greeting failed) = 60 → 85.7 → 86
    expect(computeScore(definition, all({ risk_disclosure: { value: 'na' }, greeting: { value: 'no' } }))).toMatchObject({ score: 86, earned: 60, possible: 70 });
  });

  it('rounds to the nearest whole point', () => {
    // earned = 10 + 30 + 10 + 20 * 1/4 + 30 = 85 → 85; with 3/4: 95
    expect(computeScore(definition, all({ attitude: { value: 1 } })).score).toBe(85);
    expect(computeScore(definition, all({ attitude: { value: 3 } })).score).toBe(95);
  });

  it('a failed critical item sets the score to 0 and marks a critical failure', () => {
    const r = computeScore(definition, all({ otp_high_risk: { value: 'no', comment: '未校验动态口令即提交变更手机号' } }));
    expect(r).toMatchObject({ score: 0, criticalFailure: true, failed: ['otp_high_risk'] });
  });

  it('refuses to compute invalid ratings', () => {
    expect(() => computeScore(definition, all({ attitude: { value: 5 } }))).toThrow(/outOfScale/);
  });
});

describe('rating problems', () => {
  it('names each problem at its item', () => {
    const { confirmation: _c, ...missing } = all();
    expect(ratingProblems(definition, missing)).toEqual([{ item: 'confirmation', message: 'errors.qc.unrated' }]);
    expect(ratingProblems(definition, all({ attitude: { value: 1.5 } }))).toEqual([{ item: 'attitude', message: 'errors.qc.outOfScale' }]);
    expect(ratingProblems(definition, all({ attitude: { value: -1 } }))).toEqual([{ item: 'attitude', message: 'errors.qc.outOfScale' }]);
    expect(ratingProblems(definition, all({ greeting: { value: 3 } }))).toEqual([{ item: 'greeting', message: 'errors.qc.outOfScale' }]);
    expect(ratingProblems(definition, all({ greeting: { value: 'na' } }))).toEqual([{ item: 'greeting', message: 'errors.qc.naNotAllowed' }]);
    expect(ratingProblems(definition, all({ otp_high_risk: { value: 'no' } }))).toEqual([{ item: 'otp_high_risk', message: 'errors.qc.criticalComment' }]);
    expect(ratingProblems(definition, all({ otp_high_risk: { value: 'no', comment: '   ' } }))).toEqual([{ item: 'otp_high_risk', message: 'errors.qc.criticalComment' }]);
    expect(ratingProblems(definition, { ...all(), extra: { value: 'yes' } })).toEqual([{ item: 'extra', message: 'errors.qc.unknownItem' }]);
  });

  it('a scorecard with nothing applicable cannot be scored', () => {
    const onlyNa = templateDefinitionSchema.parse({ sections: [{ key: 's', title: 'S', items: [{ key: 'a', title: 'A', weight: 5, scale: { kind: 'yes_no' }, allowNa: true }] }] });
    expect(ratingProblems(onlyNa, { a: { value: 'na' } })).toEqual([{ item: 'a', message: 'errors.qc.nothingApplicable' }]);
  });
});

describe('template definitions', () => {
  it('refuse a duplicate item key, an empty section and an out-of-range weight', () => {
    const item = { key: 'a', title: 'A', weight: 5, scale: { kind: 'yes_no' } };
    const dup = templateDefinitionSchema.safeParse({ sections: [{ key: 's', title: 'S', items: [item, item] }] });
    expect(dup.success).toBe(false);
    expect(dup.error?.issues.map((i) => i.message)).toEqual(['errors.qc.duplicateKey']);
    expect(templateDefinitionSchema.safeParse({ sections: [{ key: 's', title: 'S', items: [] }] }).error?.issues[0]?.message).toBe('errors.qc.emptySection');
    expect(templateDefinitionSchema.safeParse({ sections: [{ key: 's', title: 'S', items: [{ ...item, weight: 0 }] }] }).error?.issues[0]?.message).toBe('errors.qc.weight');
    expect(templateDefinitionSchema.safeParse({ sections: [{ key: 's', title: 'S', items: [{ ...item, weight: 2.5 }] }] }).error?.issues[0]?.message).toBe('errors.qc.weight');
  });
});

describe('a re-rating in the teller\'s favour (an upheld dispute)', () => {
  const [greeting, , , attitude, disclosure] = itemsOf(definition);

  it('is a higher share of the item, or N/A for a failed item', () => {
    expect(inTellersFavour(greeting!, { value: 'no' }, 'yes')).toBe(true);
    expect(inTellersFavour(greeting!, { value: 'yes' }, 'no')).toBe(false);
    expect(inTellersFavour(attitude!, { value: 2 }, 3)).toBe(true);
    expect(inTellersFavour(attitude!, { value: 3 }, 2)).toBe(false);
    expect(inTellersFavour(attitude!, { value: 3 }, 3)).toBe(false);
    expect(inTellersFavour(disclosure!, { value: 'no' }, 'na')).toBe(true);
    expect(inTellersFavour(disclosure!, { value: 'yes' }, 'na')).toBe(false);
    expect(inTellersFavour(disclosure!, { value: 'na' }, 'no')).toBe(false);
  });
});
