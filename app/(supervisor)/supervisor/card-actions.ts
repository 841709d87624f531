'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { deliverCardSchema, dispatchCardSchema, produceCardSchema } from '@/lib/cards/schemas';
import { deliverCard, dispatchCard, produceCard } from '@/lib/cards/service';

/** Card operations (制卡与发放): the bureau's production record, checked against the application. */
export const produceCardAction = roleAction('card.produce', produceCardSchema, async (input, user) => {
  const { last4 } = await produceCard(user.id, input);
  revalidatePath('/supervisor/cards');
  return { data: { last4 }, entityType: 'card', entityId: input.cardId, details: { last4 }, message: 'cards.producedDone', messageValues: { last4 } };
});

export const dispatchCardAction = roleAction('card.dispatch', dispatchCardSchema, async (input, user) => {
  await dispatchCard(user.id, input);
  revalidatePath('/supervisor/cards');
  return { data: undefined, entityType: 'card', entityId: input.cardId, details: { tracking: input.trackingNumber ?? null }, message: 'cards.dispatchedDone' };
});

export const deliverCardAction = roleAction('card.deliver', deliverCardSchema, async (input, user) => {
  await deliverCard(user.id, input);
  revalidatePath('/supervisor/cards');
  // The collector's ID number is personal data: the audit row names the receipt, not the person.
  return { data: undefined, entityType: 'card', entityId: input.cardId, details: { signatureRef: input.signatureRef ?? null }, message: 'cards.deliveredDone' };
});
