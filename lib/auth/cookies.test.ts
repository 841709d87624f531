import { describe, expect, it } from 'vitest';
import { hasSessionCookie, sessionCookies } from '@/auth.config';

describe('the session cookie', () => {
  it('behind HTTPS: Secure, HttpOnly, SameSite=Lax, with the __Host- prefix (path /, no domain)', () => {
    const config = sessionCookies('https://counter.bank.example');
    expect(config.useSecureCookies).toBe(true);
    expect(config.cookies?.sessionToken).toEqual({ name: '__Host-authjs.session-token', options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true } });
    expect(config.cookies?.sessionToken.options).not.toHaveProperty('domain');
  });

  it('over plain HTTP (the local demo) the defaults stay: a Secure cookie would never be sent back', () => {
    expect(sessionCookies('http://localhost:3000')).toEqual({});
    expect(sessionCookies('')).toEqual({});
  });

  it("the proxy's check: a session cookie under any of Auth.js's names, nothing else", () => {
    for (const name of ['authjs.session-token', '__Secure-authjs.session-token', '__Host-authjs.session-token', 'authjs.session-token.0', '__Host-authjs.session-token.1']) {
      expect(hasSessionCookie(['NEXT_LOCALE', name]), name).toBe(true);
    }
    for (const names of [[], ['NEXT_LOCALE'], ['authjs.csrf-token', 'authjs.callback-url'], ['x-authjs.session-token'], ['authjs.session-token-old'], ['next-auth.session-token']]) {
      expect(hasSessionCookie(names), names.join(',')).toBe(false);
    }
  });
});
