/**
 * The password policy (ASVS 6.2): at least 12 characters, at most 128, any characters, no composition rules, and
 * not a well-known password. The bundled list holds the common passwords long enough to pass the length rule, and
 * the common stems people pad to length ("password" + digits, "woaini" + a date), checked case-insensitively.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

const COMMON = new Set([
  '123456789012', '1234567890ab', '1234567890qw', '12345678910a', 'qwertyuiopas', 'qwerty123456', 'qwertyuiop12',
  '1qaz2wsx3edc', '1q2w3e4r5t6y', 'q1w2e3r4t5y6', 'zaq12wsxcde3', 'qazwsxedcrfv', '1qazxsw23edc', 'zxcvbnm12345',
  'asdfghjkl123', '1234qwerasdf', 'qwerasdfzxcv', 'abc123456789', 'a123456789012', 'aa1234567890', 'abcd12345678',
  'abcdefghijkl', 'abcdef123456', 'password1234', 'password123!', 'p@ssw0rd1234', 'p@ssword1234', 'passw0rd1234',
  'iloveyou1234', 'welcome12345', 'admin1234567', 'administrator', 'changeme1234', 'letmein12345', 'monkey123456',
  'football1234', 'baseball1234', 'sunshine1234', 'princess1234', 'dragon123456', 'superman1234', 'trustno11234',
  'woaini520131', 'woaini1314520', 'wo5201314520', '5201314woaini', 'zhang1234567', 'wang12345678', 'li1234567890',
  'qq1234567890', 'qq123456789a', 'aini13145200', '147258369abc', '123123123123', '123qweasdzxc', 'qweasdzxc123',
  '1234567890-=', '!qaz@wsx#edc', '!@#$%^&*()_+', 'qwer1234qwer', 'asdf1234asdf', 'zxcv1234zxcv', 'aaaaaaaaaaaa',
  'demo-2468demo', 'aircounter123', 'air-counter-1', 'bank12345678', 'yinhang12345', 'gongshang1234',
]);

// Stems people pad with digits or symbols to reach a length rule: "Password2024!!" is still "password".
const STEMS = [
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'qwerty', 'qwertyuiop', 'asdfgh', 'zxcvbn', 'iloveyou', 'welcome',
  'admin', 'administrator', 'letmein', 'changeme', 'monkey', 'dragon', 'football', 'sunshine', 'princess', 'woaini',
  'aini', 'abc', 'abcd', 'abcdef', 'qq', 'demo', 'aircounter', 'air-counter', 'bank', 'yinhang', 'test', 'user', 'guest',
  'teller', 'supervisor', 'welcome1', 'hello', 'china', 'beijing', 'shanghai',
];
const PADDING = /^[\d\W_]*$/;

function isSequence(p: string): boolean {
  const codes = [...p].map((c) => c.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  return Math.abs(step) <= 1 && codes.every((c, i) => i === 0 || c - codes[i - 1]! === step);
}

/** Why a password is refused (a catalogue key), or null. `username` is refused as the password or inside it. */
export function passwordProblem(password: string, username?: string): string | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN) return 'errors.passwordShort';
  if (chars.length > PASSWORD_MAX) return 'errors.tooLong';
  const p = password.normalize('NFKC').toLowerCase();
  if (COMMON.has(p) || isSequence(p)) return 'errors.passwordCommon';
  if (STEMS.some((stem) => p.startsWith(stem) && PADDING.test(p.slice(stem.length)))) return 'errors.passwordCommon';
  if (PADDING.test(p) && new Set(p).size <= 4) return 'errors.passwordCommon';
  if (username && username.length >= 3 && p.includes(username.toLowerCase())) return 'errors.passwordHasUsername';
  return null;
}
