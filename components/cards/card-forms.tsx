'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useSubmissionKey } from '@/components/ui/submission-key';
import { cardActivationPromptAction, cardBlockAction, cardUnfreezeAction, openCardAction } from '@/app/(teller)/teller/case-actions';
import { deliverCardAction, dispatchCardAction, produceCardAction } from '@/app/(supervisor)/supervisor/card-actions';
import { ActionForm, Field, RadioGroup, SelectField, SubmitButton } from '@/components/ui/action-form';
import { buttonClass } from '@/components/ui/button-class';
import { BRANCHES } from '@/lib/cards/branches';


/** The debit card application (开卡申请): which account, and mail to the registered address or pick-up at a branch. */
export function OpenCardForm({ sessionId, accounts }: { sessionId: string; accounts: { id: string; label: string }[] }) {
  const t = useTranslations('cards');
  const [key, renew] = useSubmissionKey();
  const [delivery, setDelivery] = useState('');
  return (
    <ActionForm action={openCardAction} label={t('openCard')} resetOnSuccess onSuccess={() => (renew(), setDelivery(''))} className="grid gap-3 sm:grid-cols-2">
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <SelectField name="accountId" label={t('account')} defaultValue="" options={[{ value: '', label: t('chooseAccount') }, ...accounts.map((a) => ({ value: a.id, label: a.label }))]} />
      <div onChange={(e) => setDelivery((e.target as HTMLInputElement).value)}>
        <RadioGroup name="delivery" legend={t('delivery')} options={[{ value: 'mail', label: t('deliveryMail') }, { value: 'branch', label: t('deliveryBranch') }]} />
      </div>
      {delivery === 'branch' && (
        <SelectField name="branch" label={t('branch')} defaultValue="" options={[{ value: '', label: t('chooseBranch') }, ...BRANCHES.map((b) => ({ value: b, label: t(`branches.${b}`) }))]} />
      )}
      <div className="sm:col-span-2">
        <SubmitButton>{t('submitOpenCard')}</SubmitButton>
      </div>
    </ActionForm>
  );
}

/** What the teller can do with one of the customer's cards in the session, by its state. */
export function CardActions({ sessionId, cardId, status, last4 }: { sessionId: string; cardId: string; status: string; last4: string | null }) {
  const t = useTranslations('cards');
  const [key, renew] = useSubmissionKey();
  const card = last4 ?? '----';
  return (
    <div className="flex flex-wrap gap-2">
      {status === 'delivered' && (
        <ActionForm action={cardActivationPromptAction} label={t('activateFor', { last4: card })}>
          <input type="hidden" name="sessionId" value={sessionId} />
          <input type="hidden" name="cardId" value={cardId} />
          <SubmitButton>{t('activate')}</SubmitButton>
        </ActionForm>
      )}
      {['dispatched', 'delivered', 'activated', 'frozen'].includes(status) && (
        <ConfirmedBlock sessionId={sessionId} cardId={cardId} kind="lost" label={t('reportLostFor', { last4: card })} button={t('reportLost')} question={t('confirmLost')} confirm={t('confirmLostButton')} />
      )}
      {status === 'activated' && (
        <ActionForm action={cardBlockAction} label={t('freezeFor', { last4: card })} onSuccess={renew}>
          <input type="hidden" name="sessionId" value={sessionId} />
          <input type="hidden" name="cardId" value={cardId} />
          <input type="hidden" name="kind" value="freeze" />
          <input type="hidden" name="idempotencyKey" value={key} />
          <SubmitButton variant="secondary">{t('freeze')}</SubmitButton>
        </ActionForm>
      )}
      {['delivered', 'activated', 'frozen', 'lost'].includes(status) && (
        <ConfirmedBlock sessionId={sessionId} cardId={cardId} kind="close" label={t('closeFor', { last4: card })} button={t('close')} question={t('confirmClose')} confirm={t('confirmCloseButton')} />
      )}
      {status === 'frozen' && (
        <ActionForm action={cardUnfreezeAction} label={t('unfreezeFor', { last4: card })} onSuccess={renew}>
          <input type="hidden" name="sessionId" value={sessionId} />
          <input type="hidden" name="cardId" value={cardId} />
          <input type="hidden" name="idempotencyKey" value={key} />
          <SubmitButton variant="secondary">{t('unfreeze')}</SubmitButton>
        </ActionForm>
      )}
    </div>
  );
}

/**
 * A loss report or a closure takes effect at once and cannot be undone: the first click asks, the second submits.
 * Focus moves to the question so a keyboard or screen-reader user hears it.
 */
function ConfirmedBlock({ sessionId, cardId, kind, label, button, question, confirm }: { sessionId: string; cardId: string; kind: 'lost' | 'close'; label: string; button: string; question: string; confirm: string }) {
  const t = useTranslations('cards');
  const [key, renew] = useSubmissionKey();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={buttonClass(kind === 'lost' ? 'danger' : 'secondary')} onClick={() => setAsking(true)}>
        {button}
      </button>
    );
  }
  return (
    <ActionForm action={cardBlockAction} label={label} onSuccess={() => (renew(), setAsking(false))} className="flex flex-wrap items-center gap-2 rounded-md border border-red-300 bg-red-50 p-2">
      <p ref={(el) => el?.focus()} tabIndex={-1} className="text-sm text-red-900">
        {question}
      </p>
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="cardId" value={cardId} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <SubmitButton variant="danger">{confirm}</SubmitButton>
      <button type="button" className={buttonClass('secondary')} onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
    </ActionForm>
  );
}

/** Card operations: the next step of one card on its way to the customer. */
export function FulfilmentForm({ cardId, status, deliveryMethod, name }: { cardId: string; status: string; deliveryMethod: string; name: string }) {
  const t = useTranslations('cards');
  if (status === 'requested') {
    return (
      <ActionForm action={produceCardAction} label={t('produceFor', { name })} className="grid gap-2 sm:grid-cols-3">
        <input type="hidden" name="cardId" value={cardId} />
        <Field name="cardNumber" label={t('cardNumber')} inputMode="numeric" autoComplete="off" maxLength={23} />
        <Field name="embossedName" label={t('embossedName')} autoComplete="off" maxLength={60} />
        <Field name="accountNumber" label={t('linkedAccount')} inputMode="numeric" autoComplete="off" maxLength={21} />
        <div className="sm:col-span-3">
          <SubmitButton>{t('recordProduction')}</SubmitButton>
        </div>
      </ActionForm>
    );
  }
  if (status === 'produced') {
    return (
      <ActionForm action={dispatchCardAction} label={t('dispatchFor', { name })} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="cardId" value={cardId} />
        {deliveryMethod === 'mail' && <Field name="trackingNumber" label={t('trackingNumber')} autoComplete="off" maxLength={30} />}
        <SubmitButton>{deliveryMethod === 'mail' ? t('recordMailing') : t('recordSentToBranch')}</SubmitButton>
      </ActionForm>
    );
  }
  return (
    <ActionForm action={deliverCardAction} label={t('deliverFor', { name })} className="grid gap-2 sm:grid-cols-3">
      <input type="hidden" name="cardId" value={cardId} />
      {deliveryMethod === 'branch' && (
        <>
          <Field name="collectorName" label={t('collectorName')} autoComplete="off" maxLength={50} />
          <Field name="collectorIdNumber" label={t('collectorIdNumber')} autoComplete="off" maxLength={30} />
          <Field name="signatureRef" label={t('signatureRef')} hint={t('signatureRefHint')} autoComplete="off" maxLength={30} />
        </>
      )}
      <div className="sm:col-span-3">
        <SubmitButton>{deliveryMethod === 'mail' ? t('recordReceived') : t('recordCollected')}</SubmitButton>
      </div>
    </ActionForm>
  );
}
