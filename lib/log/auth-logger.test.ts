import { CallbackRouteError, CredentialsSignin } from '@auth/core/errors';
import type { AuthConfig } from '@auth/core';
import { describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '@/db/seed';
import { createAuthLogger } from './auth-logger';
import { createLogger } from './logger';

function capture() {
  const chunks: string[] = [];
  const auth = createAuthLogger(createLogger({ write: (s: string) => void chunks.push(s) }));
  return { auth, out: () => chunks.join(''), parsed: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('the Auth.js logger', () => {
  it("fits Auth.js's logger option", () => {
    const option: AuthConfig['logger'] = createAuthLogger();
    expect(typeof option?.error).toBe('function');
  });

  it('does not log a refused sign-in (already audited)', () => {
    const { auth, out } = capture();
    const { error } = auth; // Auth.js calls it detached
    error(new CredentialsSignin());
    expect(out()).toBe('');
  });

  it('logs any other error by class, type and cause class, never its message', () => {
    const { auth, out, parsed } = capture();
    const { error } = auth;
    const { name, idNumber } = DEMO_CUSTOMERS[0]!;
    const cause = Object.assign(new Error(`duplicate key (${name}, ${idNumber})`), { name: 'PostgresError' });
    error(new CallbackRouteError(`sign-in of ${name} failed`, { cause: { err: cause } }));
    expect(parsed()).toEqual([expect.objectContaining({ level: 'error', action: 'auth', errorName: 'CallbackRouteError', errorType: 'CallbackRouteError', causeName: 'PostgresError', msg: 'auth error' })]);
    expect(out()).not.toContain(name);
    expect(out()).not.toContain(idNumber);
  });

  it('logs a warning by its code', () => {
    const { auth, parsed } = capture();
    const { warn } = auth;
    warn('debug-enabled');
    expect(parsed()).toEqual([expect.objectContaining({ level: 'warn', action: 'auth', warning: 'debug-enabled' })]);
  });
});
