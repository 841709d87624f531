import { describe, expect, it } from 'vitest';
import { decideSchema } from './schemas';

const requestId = '1b4e28ba-2fa1-4d2b-9a5e-6c8f0e1d2a3b';

describe('decideSchema', () => {
  it('accepts an approval without a reason', () => {
    expect(decideSchema.parse({ requestId, decision: 'approved' })).toEqual({ requestId, decision: 'approved', reason: '' });
  });

  it('requires a reason to reject, blank counting as none', () => {
    for (const reason of [undefined, '', '   ']) {
      const r = decideSchema.safeParse({ requestId, decision: 'rejected', reason });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['reason', 'errors.reasonRequired']]);
    }
  });

  it('trims the reason and caps its length', () => {
    expect(decideSchema.parse({ requestId, decision: 'rejected', reason: '  wrong person  ' }).reason).toBe('wrong person');
    expect(decideSchema.safeParse({ requestId, decision: 'rejected', reason: 'x'.repeat(501) }).success).toBe(false);
  });

  it('refuses other decisions and malformed ids', () => {
    expect(decideSchema.safeParse({ requestId, decision: 'approve' }).success).toBe(false);
    expect(decideSchema.safeParse({ requestId: 'abc', decision: 'approved' }).success).toBe(false);
  });
});
