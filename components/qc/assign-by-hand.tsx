'use client';

import { createContext, useContext, useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { assignByHandAction } from '@/app/(qc)/qc/actions';
import { ActionForm, SubmitButton, translate, useFieldErrors } from '@/components/ui/action-form';

const Announce = createContext<(message: string) => void>(() => {});

/**
 * Holds the confirmation of a session added by hand. Adding it moves the session to "my inspections", which removes its
 * row (and the row's own status line); this stays mounted around the list, so the confirmation is still announced.
 */
export function AssignedStatus({ children }: { children: React.ReactNode }) {
  const [message, setMessage] = useState('');
  return (
    <Announce.Provider value={setMessage}>
      {children}
      <p role="status" aria-live="polite" className="mt-2 text-sm text-emerald-700">
        {message}
      </p>
    </Announce.Provider>
  );
}

/** Adds an ended session to the signed-in inspector's own inspections, with the reason (required). */
export function AssignByHand({ sessionId, teller, customer, time }: { sessionId: string; teller: string; customer: string; time: string }) {
  const t = useTranslations('qc');
  const announce = useContext(Announce);
  return (
    <ActionForm action={assignByHandAction} label={t('addForm', { teller, customer, time })} onSuccess={() => announce(t('assignedSession', { teller, customer }))}>
      <input type="hidden" name="sessionId" value={sessionId} />
      <div className="flex flex-wrap items-start gap-2">
        <NoteInput label={t('addReasonLabel', { teller, customer, time })} placeholder={t('addReasonPlaceholder')} />
        <SubmitButton variant="secondary">{t('addToMine')}</SubmitButton>
      </div>
    </ActionForm>
  );
}

/** The reason field: its label (naming the session) is read out, the row already shows the session to sighted users. */
function NoteInput({ label, placeholder }: { label: string; placeholder: string }) {
  const t = useTranslations();
  const id = useId();
  const errors = useFieldErrors('note');
  return (
    <div className="min-w-48 flex-1">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        name="note"
        required
        maxLength={300}
        placeholder={placeholder}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length ? `${id}-error` : undefined}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm aria-[invalid=true]:border-red-600"
      />
      {errors.length > 0 && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {errors.map((e) => translate(t, e)).join(' ')}
        </p>
      )}
    </div>
  );
}
