import { beforeAll, describe, expect, it } from 'vitest';
import { rotationProof, validRotation } from './rotation';

beforeAll(() => {
  process.env.AUTH_SECRET = 'unit-test-auth-secret-0123456789-abcdefgh';
});

describe('a step-up rotation of the session token', () => {
  const from = '5b0f3f7e-0000-4000-8000-000000000001';
  const to = '5b0f3f7e-0000-4000-8000-000000000002';

  it('is accepted only with the proof the server made for exactly that pair', () => {
    const proof = rotationProof(from, to);
    expect(validRotation(from, to, proof)).toBe(true);
    // A browser posting its own update cannot move the token to another session, or back, or from another session.
    expect(validRotation(from, '5b0f3f7e-0000-4000-8000-000000000003', proof)).toBe(false);
    expect(validRotation(to, from, proof)).toBe(false);
    expect(validRotation('5b0f3f7e-0000-4000-8000-000000000009', to, proof)).toBe(false);
    expect(validRotation(from, to, proof.slice(0, -1) + (proof.endsWith('A') ? 'B' : 'A'))).toBe(false);
    expect(validRotation(from, to, undefined)).toBe(false);
    expect(validRotation(undefined, to, proof)).toBe(false);
  });
});
