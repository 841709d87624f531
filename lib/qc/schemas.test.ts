import { describe, expect, it } from 'vitest';
import { inspectionSchema } from './schemas';
import { SCORECARD } from './scorecard';

const sessionId = '1b4e28ba-2fa1-4d2b-9a5e-6c8f0e1d2a3b';
const allYes = Object.fromEntries(SCORECARD.items.map((i) => [i.key, 'yes']));

describe('inspectionSchema', () => {
  it('turns the yes/no strings a form sends into booleans', () => {
    expect(inspectionSchema.parse({ sessionId, ...allYes, accuracy: 'no' })).toEqual({
      sessionId, comment: '', greeting: true, verification: true, accuracy: false, closing: true,
    });
  });

  it('requires a rating for every scorecard item', () => {
    for (const item of SCORECARD.items) {
      const { [item.key]: _left, ...rest } = allYes;
      const r = inspectionSchema.safeParse({ sessionId, ...rest });
      expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([[item.key, 'errors.rateItem']]);
    }
  });

  it('does not accept a score from the client', () => {
    expect(inspectionSchema.parse({ sessionId, ...allYes, score: '5' })).not.toHaveProperty('score');
  });

  it('refuses booleans, other words and an overlong comment', () => {
    expect(inspectionSchema.safeParse({ sessionId, ...allYes, greeting: true }).success).toBe(false);
    expect(inspectionSchema.safeParse({ sessionId, ...allYes, greeting: 'maybe' }).success).toBe(false);
    expect(inspectionSchema.safeParse({ sessionId, ...allYes, comment: 'x'.repeat(1001) }).success).toBe(false);
  });
});
