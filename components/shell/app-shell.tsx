import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { signOutAction } from '@/app/(auth)/actions';
import type { CurrentUser } from '@/lib/auth/current-user';
import { demoMode } from '@/lib/config';
import { IdleSignOut } from './idle-sign-out';
import { LanguageSwitch } from './language-switch';
import { NoticeBell } from './notice-bell';

const NAV: Record<CurrentUser['role'], { href: string; key: string }[]> = {
  teller: [
    { href: '/teller', key: 'workbench' },
    { href: '/teller/quality', key: 'myQuality' },
    { href: '/complaints', key: 'complaints' },
    { href: '/kb', key: 'kb' },
    { href: '/appraisal', key: 'myAppraisal' },
    { href: '/customers/review', key: 'review' },
    { href: '/checklists', key: 'checklists' },
  ],
  // The demo phone is appended for every role outside production (see below).
  supervisor: [
    { href: '/supervisor', key: 'approvals' },
    { href: '/supervisor/board', key: 'board' },
    { href: '/supervisor/live', key: 'live' },
    { href: '/complaints', key: 'complaints' },
    { href: '/appraisal', key: 'appraisal' },
    { href: '/quality', key: 'quality' },
    { href: '/scorecards', key: 'scorecards' },
    { href: '/kb', key: 'kb' },
    { href: '/customers/review', key: 'review' },
    { href: '/supervisor/policy', key: 'policy' },
    { href: '/supervisor/cards', key: 'cards' },
    { href: '/checklists', key: 'checklists' },
  ],
  qc: [
    { href: '/qc', key: 'inspections' },
    { href: '/quality', key: 'quality' },
    { href: '/scorecards', key: 'scorecards' },
    { href: '/kb', key: 'kb' },
    { href: '/checklists', key: 'checklists' },
  ],
  admin: [
    { href: '/admin', key: 'staff' },
    { href: '/admin/audit', key: 'audit' },
    { href: '/admin/deliveries', key: 'deliveries' },
    { href: '/admin/ladder', key: 'ladder' },
    { href: '/admin/calendar', key: 'calendar' },
    { href: '/admin/retention', key: 'retention' },
  ],
};

/**
 * The frame of every signed-in screen: the product, the reader's notices, language, name and role, and sign-out on
 * the first row; the role's screens on the second (as many as a supervisor has, they wrap rather than crowd).
 */
export async function AppShell({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  const t = await getTranslations();
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        {t('shell.skip')}
      </a>
      <header className="bg-brand-900 text-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 pt-3 pb-2">
          <p className="text-lg font-semibold">{t('app.title')}</p>
          <div className="ml-auto flex flex-wrap items-center gap-4 text-sm">
            <NoticeBell staffId={user.id} />
            <LanguageSwitch />
            <Link href="/account/security" className="rounded px-2 py-1 hover:bg-white/10">
              {user.displayName} · {t(`roles.${user.role}`)}
              <span className="sr-only"> · {t('shell.accountSecurity')}</span>
            </Link>
            <form action={signOutAction}>
              <button type="submit" className="rounded border border-white/40 px-3 py-1 hover:bg-white/10">
                {t('shell.signOut')}
              </button>
            </form>
          </div>
        </div>
        <nav aria-label={t('shell.nav')} className="mx-auto flex max-w-7xl flex-wrap gap-x-1 gap-y-1 px-2 pb-2 text-sm">
          {(user.mustEnrol ? [] : [...NAV[user.role], ...(demoMode() ? [{ href: '/demo/phone', key: 'phone' }] : [])]).map((item) => (
            <Link key={item.href} href={item.href} className="rounded px-2 py-1 hover:bg-white/10">
              {t(`shell.links.${item.key}`)}
            </Link>
          ))}
        </nav>
      </header>
      <IdleSignOut />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
