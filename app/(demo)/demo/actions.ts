'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { roleAction } from '@/lib/actions/role-action';
import { DomainError } from '@/lib/actions/result';
import { demoMode } from '@/lib/config';
import { demoTelephonyToken, selfUrl } from '@/lib/integrations/demo';

const keypadFormSchema = z.object({
  sessionId: z.string().uuid(),
  digits: z.string().trim().regex(/^\d{6}$/, 'errors.keypadDigits'),
  // A set-password prompt (card activation) takes the new password twice.
  confirm: z.string().trim().regex(/^\d{6}$/, 'errors.keypadDigits').optional(),
});

/**
 * The demo phone plays the telephony system: it posts the keyed digits to the real integration endpoint with the demo
 * integration's token, exactly as an IVR would. Only in demo mode.
 */
export const demoKeypadAction = roleAction('demo.keypad', keypadFormSchema, async ({ sessionId, digits, confirm }) => {
  if (!demoMode()) throw new DomainError('errors.forbidden', 'denied');
  const res = await fetch(`${selfUrl()}/api/integrations/telephony/password`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${demoTelephonyToken()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ sessionId, digits, confirm }),
    cache: 'no-store',
  });
  const body = (await res.json().catch(() => ({}))) as { result?: string; error?: string; problems?: string[] };
  revalidatePath('/demo/phone');
  if (res.ok) return { data: undefined, entityType: 'service_session', entityId: sessionId, details: { status: res.status }, message: 'demo.keypadSent' };
  if (body.error === 'weak') throw new DomainError('errors.pinWeak', 'failed', { digits: (body.problems ?? []).map((p) => `errors.pin.${p}`) });
  if (body.error === 'mismatch') throw new DomainError('errors.pinMismatch', 'failed', { confirm: ['errors.pinMismatch'] });
  const key = { cardState: 'errors.cardState', noPrompt: 'errors.keypadNoPrompt', expired: 'errors.keypadExpired', locked: 'errors.customerLocked' }[body.error ?? ''] ?? 'errors.unexpected';
  throw new DomainError(key, 'failed');
});
