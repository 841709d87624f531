import { describe, expect, it } from 'vitest';
import { requestContextFrom } from './request-context';

describe('requestContextFrom', () => {
  it('takes the first forwarded address and the given request id', () => {
    const h = new Headers({ 'x-forwarded-for': ' 203.0.113.7 , 10.0.0.1', 'x-request-id': 'req-1', 'x-real-ip': '198.51.100.1' });
    expect(requestContextFrom(h)).toEqual({ requestId: 'req-1', ip: '203.0.113.7' });
  });

  it('falls back to x-real-ip, then to no address, and makes a request id', () => {
    expect(requestContextFrom(new Headers({ 'x-real-ip': '198.51.100.1' })).ip).toBe('198.51.100.1');
    const bare = requestContextFrom(new Headers());
    expect(bare.ip).toBeNull();
    expect(bare.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestContextFrom(new Headers()).requestId).not.toBe(bare.requestId);
  });
});
