import 'server-only';
import { createHmac } from 'node:crypto';
import { upsertIntegration } from '@/db/queries/credentials';
import { authSecret, demoMode } from '@/lib/config';

export const DEMO_TELEPHONY = 'demo-telephony';
// The demo customers' query password, keyed on the demo phone's keypad (card activation sets real ones).
export const DEMO_CUSTOMER_PASSWORD = '135790';

/**
 * The demo phone plays the telephony system, so it needs that system's token. It is derived from the instance's own
 * secret (every instance on one database derives the same one) and exists only in demo mode.
 */
export function demoTelephonyToken(): string {
  if (!demoMode()) throw new Error('The demo telephony integration exists only in demo mode.');
  return createHmac('sha256', authSecret()).update('demo-telephony-token').digest('base64url');
}

/** Registers (or re-keys) the demo telephony integration; run at start in demo mode. */
export async function ensureDemoIntegration(): Promise<void> {
  if (!demoMode()) return;
  await upsertIntegration({ name: DEMO_TELEPHONY, token: demoTelephonyToken(), capabilities: ['keypad'], createdBy: null });
}

/** Where the app answers itself: the demo keypad posts to the real endpoint over HTTP. */
export function selfUrl(): string {
  return process.env.AIR_COUNTER_SELF_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
}
