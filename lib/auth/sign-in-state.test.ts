import { describe, expect, it } from 'vitest';
import { ROTATION_GRACE_MS, signInEnds } from './sign-in-state';

const now = Date.parse('2026-11-24T10:00:00Z');
const live = { endedAt: null, endReason: null, active: true, lastSeenAt: new Date(now - 60_000), createdAt: new Date(now - 3_600_000) };

describe('whether a sign-in still holds', () => {
  it('a token replaced by a step-up still serves requests already in flight, briefly, and then never again', () => {
    const rotated = { ...live, endReason: 'rotated', endedAt: new Date(now - ROTATION_GRACE_MS + 1000) };
    expect(signInEnds(rotated, now)).toBeNull();
    expect(signInEnds({ ...rotated, endedAt: new Date(now - ROTATION_GRACE_MS - 1000) }, now)).toBe('ended');
  });

  it('any other ending (signed out, disabled, role changed, password reset) ends it at once', () => {
    for (const endReason of ['signed_out', 'disabled', 'role_changed', 'password_reset', 'mfa_reset']) {
      expect(signInEnds({ ...live, endReason, endedAt: new Date(now - 1000) }, now), endReason).toBe('ended');
    }
    expect(signInEnds({ ...live, active: false }, now)).toBe('ended');
  });

  it('idle for 15 minutes or older than 12 hours', () => {
    expect(signInEnds({ ...live, lastSeenAt: new Date(now - 16 * 60_000) }, now)).toBe('idle_timeout');
    expect(signInEnds({ ...live, createdAt: new Date(now - 13 * 3_600_000) }, now)).toBe('expired');
  });
});
