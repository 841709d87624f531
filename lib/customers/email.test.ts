import { describe, expect, it } from 'vitest';
import { maskEmail } from './email';

describe('masked e-mail', () => {
  it('keeps the first character and the domain only', () => {
    expect(maskEmail('zhang.san@example.com')).toBe('z***@example.com');
    expect(maskEmail('a@b.cn')).toBe('a***@b.cn');
    expect(maskEmail('broken')).toBe('***');
  });
});
