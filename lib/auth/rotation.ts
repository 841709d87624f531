import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/config';

/**
 * A step-up replaces the session's token (ASVS 7.2.4). The new session id reaches the JWT through Auth.js's update
 * path, which a browser can also call with data of its own: only an id the server vouched for, from the id the
 * token holds now, is accepted.
 */
export function rotationProof(fromSid: string, toSid: string): string {
  return createHmac('sha256', authSecret()).update(`rotate:${fromSid}>${toSid}`).digest('base64url');
}

export function validRotation(fromSid: unknown, toSid: unknown, proof: unknown): toSid is string {
  if (typeof fromSid !== 'string' || typeof toSid !== 'string' || typeof proof !== 'string') return false;
  const expected = Buffer.from(rotationProof(fromSid, toSid));
  const given = Buffer.from(proof);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
