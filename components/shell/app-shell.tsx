import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { signOutAction } from '@/app/(auth)/actions';
import type { CurrentUser } from '@/lib/auth/current-user';
import { demoMode } from '@/lib/config';
import { IdleSignOut } from './idle-sign-out';
import { LanguageSwitch } from './language-switch';

const NAV: Record<CurrentUser['role'], { href: string; key: string }[]> = {
  teller: [
    { href: '/teller', key: 'workbench' },
    { href: '/teller/quality', key: 'myQuality' },
    { href: '/complaints', key: 'complaints' },
    { href: '/customers/review', key: 'review' },
    { href: '/checklists', key: 'checklists' },
  ],
  // The demo phone is appended for every role outside production (see below).
  supervisor: [
    { href: '/supervisor', key: 'approvals' },
    { href: '/supervisor/live', key: 'live' },
    { href: '/complaints', key: 'complaints' },
    { href: '/customers/review', key: 'review' },
    { href: '/supervisor/policy', key: 'policy' },
    { href: '/supervisor/cards', key: 'cards' },
    { href: '/scorecards', key: 'scorecards' },
    { href: '/quality', key: 'quality' },
    { href: '/checklists', key: 'checklists' },
  ],
  qc: [
    { href: '/qc', key: 'inspections' },
    { href: '/quality', key: 'quality' },
    { href: '/scorecards', key: 'scorecards' },
    { href: '/checklists', key: 'checklists' },
  ],
  admin: [
    { href: '/admin', key: 'staff' },
    { href: '/admin/audit', key: 'audit' },
    { href: '/admin/deliveries', key: 'deliveries' },
    { href: '/admin/ladder', key: 'ladder' },
    { href: '/admin/retention', key: 'retention' },
  ],
};

export async function AppShell({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  const t = await getTranslations();
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        {t('shell.skip')}
      </a>
      <header className="bg-brand-900 text-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
          <p className="text-lg font-semibold">{t('app.title')}</p>
          <nav aria-label={t('shell.nav')} className="flex gap-3">
            {[...NAV[user.role], ...(demoMode() ? [{ href: '/demo/phone', key: 'phone' }] : [])].map((item) => (
              <Link key={item.href} href={item.href} className="rounded px-2 py-1 hover:bg-white/10">
                {t(`shell.links.${item.key}`)}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-4 text-sm">
            <LanguageSwitch />
            <span>
              {user.displayName} · {t(`roles.${user.role}`)}
            </span>
            <form action={signOutAction}>
              <button type="submit" className="rounded border border-white/40 px-3 py-1 hover:bg-white/10">
                {t('shell.signOut')}
              </button>
            </form>
          </div>
        </div>
      </header>
      <IdleSignOut />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
