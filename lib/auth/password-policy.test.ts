import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN, passwordProblem } from './password-policy';

describe('the password policy', () => {
  it('needs at least 12 characters, counted as characters (not bytes)', () => {
    expect(passwordProblem('Short-pass1')).toBe('errors.passwordShort');
    expect(passwordProblem('a'.repeat(PASSWORD_MIN - 1))).toBe('errors.passwordShort');
    expect(passwordProblem('柜面远程服务安全口令第一版')).toBeNull();
    expect(passwordProblem('x'.repeat(129))).toBe('errors.tooLong');
  });

  it('refuses well-known passwords, case-insensitively, and common stems padded to length', () => {
    for (const p of ['123456789012', 'Password1234', 'P@ssw0rd1234', '1qaz2wsx3edc', 'WoAiNi520131', 'Password2024!!', 'qwerty123456789', 'abcdefghijkl', '111111111111', '121212121212']) {
      expect(passwordProblem(p), p).toBe('errors.passwordCommon');
    }
  });

  it('refuses the username inside the password', () => {
    expect(passwordProblem('zhangwei-2026-spring', 'zhangwei')).toBe('errors.passwordHasUsername');
    expect(passwordProblem('zhangwei-2026-spring', 'lina')).toBeNull();
  });

  it('accepts long passphrases without composition rules', () => {
    for (const p of ['correct horse battery staple', 'Welcome-to-Counter-9', 'river-maple-4812-quiet']) expect(passwordProblem(p), p).toBeNull();
  });
});
