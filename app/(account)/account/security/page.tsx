import { getTranslations } from 'next-intl/server';
import { MfaDisable, MfaSetup, NewRecoveryCodes } from '@/components/account/mfa-setup';
import { Badge, Card } from '@/components/ui/card';
import { unusedRecoveryCodes } from '@/db/queries/mfa';
import { requireScreen } from '@/lib/auth/current-user';
import { mfaRequired } from '@/lib/auth/mfa';

export async function generateMetadata() {
  const t = await getTranslations('account');
  return { title: t('title') };
}

/**
 * One's own sign-in security: whether an authenticator is set up (required for supervisors and admins, who are
 * brought here until it is), setting one up with a QR code and recovery codes, and turning it off where allowed.
 */
export default async function AccountSecurity() {
  const user = await requireScreen('/account/security');
  const t = await getTranslations('account');
  const required = mfaRequired(user.role);
  const left = user.mfaEnabled ? await unusedRecoveryCodes(user.id) : 0;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {user.mustEnrol && (
        <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {t('mustEnrol')}
        </p>
      )}
      <Card title={t('mfa.title')}>
        <p className="mb-3 flex flex-wrap items-center gap-2 text-sm">
          {user.mfaEnabled ? <Badge tone="green">{t('mfa.on')}</Badge> : <Badge tone="amber">{t('mfa.off')}</Badge>}
          <span className="text-slate-700">{t(required ? 'mfa.requiredForRole' : 'mfa.optionalForRole')}</span>
        </p>
        {user.mfaEnabled ? (
          <div className="space-y-3 text-sm">
            <p className={left === 0 ? 'font-medium text-amber-800' : undefined}>{t(left === 0 ? 'mfa.recoveryNone' : 'mfa.recoveryLeft', { count: left })}</p>
            <NewRecoveryCodes />
            {!required && <MfaDisable />}
          </div>
        ) : (
          <MfaSetup />
        )}
      </Card>
    </div>
  );
}
