'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { beginMfaAction, confirmMfaAction, disableMfaAction, recoveryCodesAction } from '@/app/(account)/account/security/actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';
import { buttonClass } from '@/components/ui/button-class';

type Enrolment = { secret: string; uri: string; qr: string };

/** Set up an authenticator: scan (or type the key), confirm with the first code, then keep the recovery codes. */
export function MfaSetup() {
  const t = useTranslations('account.mfa');
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  if (codes) return <RecoveryCodes codes={codes} onSaved={() => router.push('/')} />;
  if (!enrolment) {
    return (
      <ActionForm action={beginMfaAction} label={t('start')} onSuccess={setEnrolment}>
        <p className="mb-3 text-sm text-slate-700">{t('explain')}</p>
        <SubmitButton>{t('start')}</SubmitButton>
      </ActionForm>
    );
  }
  return (
    <div className="space-y-4 text-sm">
      <ol className="list-decimal space-y-3 pl-5">
        <li>
          <p>{t('scan')}</p>
          {/* A data: URL rendered by the server: the secret never goes to a third-party QR service. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={enrolment.qr} alt={t('qrAlt')} width={200} height={200} className="mt-2 rounded border border-slate-200" />
          <p className="mt-2">
            {t('keyInstead')} <code className="rounded bg-slate-100 px-1 font-mono" data-testid="totp-key">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
        </li>
        <li>
          <ActionForm action={confirmMfaAction} label={t('confirm')} onSuccess={(d) => setCodes(d.recoveryCodes)} className="flex flex-wrap items-end gap-2">
            <Field name="code" label={t('firstCode')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            <SubmitButton>{t('confirm')}</SubmitButton>
          </ActionForm>
        </li>
      </ol>
    </div>
  );
}

/** Recovery codes, shown once: the person keeps them before going on. */
function RecoveryCodes({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const t = useTranslations('account.mfa');
  return (
    <div className="space-y-3 text-sm">
      <h3 className="font-semibold">{t('codesTitle')}</h3>
      <p>{t('codesExplain')}</p>
      <ul aria-label={t('codesTitle')} className="grid max-w-sm grid-cols-2 gap-1 font-mono">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <button type="button" className={buttonClass('primary')} onClick={onSaved}>
        {t('codesSaved')}
      </button>
    </div>
  );
}

/** A new set of recovery codes (the old ones stop working), after a step-up. */
export function NewRecoveryCodes() {
  const t = useTranslations('account.mfa');
  const router = useRouter();
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) return <RecoveryCodes codes={codes} onSaved={() => { setCodes(null); router.refresh(); }} />;
  return (
    <ActionForm action={recoveryCodesAction} label={t('newCodes')} onSuccess={(d) => setCodes(d.recoveryCodes)}>
      <SubmitButton variant="secondary">{t('newCodes')}</SubmitButton>
    </ActionForm>
  );
}

/** For roles that may go without: turn the authenticator off (asks for it once more first). */
export function MfaDisable() {
  const t = useTranslations('account.mfa');
  const router = useRouter();
  return (
    <ActionForm action={disableMfaAction} label={t('disable')} onSuccess={() => router.refresh()}>
      <SubmitButton variant="danger">{t('disable')}</SubmitButton>
    </ActionForm>
  );
}
