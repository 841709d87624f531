import { describe, expect, it } from 'vitest';
import { sessionCookies } from '@/auth.config';

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
});
