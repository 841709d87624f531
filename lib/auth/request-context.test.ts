import { describe, expect, it } from 'vitest';
import { requestContextFrom } from './request-context';

describe('requestContextFrom', () => {
  it('takes the address our own proxy added (the rightmost), not what the client claimed', () => {
    const h = new Headers({ 'x-forwarded-for': ' 203.0.113.7 , 10.0.0.1', 'x-request-id': 'req-1', 'x-real-ip': '198.51.100.1' });
    expect(requestContextFrom(h, 0)).toEqual({ requestId: 'req-1', ip: '10.0.0.1' });
    expect(requestContextFrom(h, 1).ip).toBe('203.0.113.7');
    expect(requestContextFrom(h, 5).ip).toBe('203.0.113.7');
  });

  it('keeps a client request id only when it is a short token', () => {
    const long = requestContextFrom(new Headers({ 'x-request-id': 'x'.repeat(65) }), 0);
    expect(long.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const odd = requestContextFrom(new Headers({ 'x-request-id': 'a|b' }), 0);
    expect(odd.requestId).not.toBe('a|b');
  });

  it('falls back to x-real-ip, then to no address, and makes a request id', () => {
    expect(requestContextFrom(new Headers({ 'x-real-ip': '198.51.100.1' }), 0).ip).toBe('198.51.100.1');
    const bare = requestContextFrom(new Headers(), 0);
    expect(bare.ip).toBeNull();
    expect(bare.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestContextFrom(new Headers(), 0).requestId).not.toBe(bare.requestId);
  });
});
