import { describe, expect, it } from 'vitest';
import { signInStaff } from '@/lib/auth/sign-in';
import { MAX_FAILED_SIGN_INS } from '@/lib/config';
import { makeStaff } from './factories';
import { auditSince, maxAuditSeq } from './helpers';

const ctx = { requestId: 'req-sign-in-race', ip: '198.51.100.9' };

describe('lockout under parallel guessing', () => {
  it(`checks at most ${MAX_FAILED_SIGN_INS} passwords however many guesses arrive at once`, async () => {
    const member = await makeStaff('supervisor');
    const seq = await maxAuditSeq();
    const guesses = Array.from({ length: 20 }, (_, i) => signInStaff(member.username, `guess-${i}`, ctx));
    const results = await Promise.all(guesses);
    expect(results.every((r) => r === null)).toBe(true);
    const reasons = (await auditSince(seq)).map((r) => r.details.reason);
    expect(reasons.filter((r) => r === 'bad_password')).toHaveLength(MAX_FAILED_SIGN_INS);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(20 - MAX_FAILED_SIGN_INS);
    expect(await signInStaff(member.username, member.password, ctx)).toBeNull();
  });
});
