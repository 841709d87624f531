'use client';

import { useEffect, useId, useRef, useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { stepUpAction } from '@/app/(account)/account/security/actions';
import { splitMessage, type StepUpFactor } from '@/lib/actions/result';
import { buttonClass } from './button-class';

/**
 * Asks, inside the form that needs it, for the authenticator's code (or the password) and then carries on with what
 * the person was doing: nothing they typed is lost, and the original request is sent again once they have proved
 * it is them (ASVS 7.5.3). It is not a form of its own (forms do not nest): Enter confirms, Escape cancels.
 */
export function StepUpPrompt({ factor, onDone, onCancel }: { factor: StepUpFactor; onDone: () => void; onCancel: () => void }) {
  const t = useTranslations();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  useEffect(() => input.current?.focus(), []);

  const confirm = () =>
    startTransition(async () => {
      const result = await stepUpAction(null, { secret });
      if (result.ok) onDone();
      else {
        const { key, values } = splitMessage(result.fieldErrors.secret?.[0] ?? result.message);
        setError(t(key, values));
        setSecret('');
        input.current?.focus();
      }
    });

  return (
    <div role="group" aria-labelledby={`${id}-title`} className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3">
      <p id={`${id}-title`} className="text-sm font-medium text-amber-900">
        {t('stepUp.title')}
      </p>
      <p className="mt-1 text-xs text-amber-900">{t(factor === 'totp' ? 'stepUp.explainCode' : 'stepUp.explainPassword')}</p>
      <label htmlFor={id} className="mt-2 block text-sm font-medium text-slate-700">
        {t(factor === 'totp' ? 'stepUp.code' : 'stepUp.password')}
      </label>
      <input
        ref={input}
        id={id}
        type={factor === 'totp' ? 'text' : 'password'}
        inputMode={factor === 'totp' ? 'numeric' : undefined}
        autoComplete={factor === 'totp' ? 'one-time-code' : 'current-password'}
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            confirm();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          }
        }}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        className="mt-1 block w-full max-w-xs rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 aria-[invalid=true]:border-red-600"
      />
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
      <div className="mt-2 flex gap-2">
        <button type="button" onClick={confirm} disabled={pending} aria-disabled={pending} className={buttonClass('primary')}>
          {t('stepUp.confirm')}
        </button>
        <button type="button" onClick={onCancel} className={buttonClass('secondary')}>
          {t('stepUp.cancel')}
        </button>
      </div>
    </div>
  );
}
