import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Deadline, StateBadge } from '@/components/complaints/deadline';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { hrefWith, Pager } from '@/components/ui/pager';
import { requireScreen } from '@/lib/auth/current-user';
import { loadCalendar } from '@/lib/calendar/store';
import { COMPLAINTS_PAGE, listComplaints, parseComplaintCursor, type ComplaintFilter } from '@/lib/complaints/lists';

const VIEWS = ['open', 'due_today', 'overdue', 'mine', 'closed', 'all'] as const;
type View = (typeof VIEWS)[number];

function filterOf(view: View): ComplaintFilter {
  if (view === 'due_today') return { due: 'today' };
  if (view === 'overdue') return { due: 'overdue' };
  if (view === 'mine') return { mine: true, state: 'all' };
  if (view === 'closed') return { state: 'closed' };
  if (view === 'all') return { state: 'all' };
  return {};
}

/**
 * Complaints (客户投诉): the open ones soonest-due first, with their countdowns; due today, overdue (both deadlines),
 * the reader's own, closed. Tellers see those they recorded or handle; supervisors all. A page at a time (keyset:
 * `after` is the last row's cursor), with "more follow" when another page does.
 */
export default async function Complaints({ searchParams }: { searchParams: Promise<{ view?: string; due?: string; after?: string | string[] }> }) {
  const user = await requireScreen('/complaints');
  const p = await searchParams;
  const asked = p.due === 'today' ? 'due_today' : p.due === 'overdue' ? 'overdue' : p.view;
  const view: View = VIEWS.includes(asked as View) ? (asked as View) : 'open';
  const now = new Date();
  // A malformed cursor is no cursor: the first page.
  const after = typeof p.after === 'string' && parseComplaintCursor(p.after) ? p.after : undefined;
  const [t, tp, format, fetched, calendar] = await Promise.all([
    getTranslations('complaints'),
    getTranslations('pager'),
    getFormatter(),
    // One row past the page says whether another follows.
    listComplaints(user, filterOf(view), { after, limit: COMPLAINTS_PAGE + 1 }, now),
    loadCalendar(),
  ]);
  const rows = fetched.slice(0, COMPLAINTS_PAGE);
  const next = fetched.length > COMPLAINTS_PAGE ? rows.at(-1)?.cursor : undefined;
  const views = VIEWS.filter((v) => v !== 'mine' || user.role === 'supervisor');
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <Link href="/complaints/new" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-900">
          {t('recordNew')}
        </Link>
      </div>
      <p className="text-sm text-slate-600">
        {t('intro')}
        {user.role === 'supervisor' && (
          <>
            {' '}
            <Link href="/complaints/policy" className="text-brand-700 underline">
              {t('policyLink')}
            </Link>
          </>
        )}
      </p>
      <nav aria-label={t('views')} className="flex flex-wrap gap-2 text-sm">
        {views.map((v) => (
          <Link key={v} href={`/complaints?view=${v}`} aria-current={v === view ? 'page' : undefined} className={`rounded-full border px-3 py-1 ${v === view ? 'border-brand-700 bg-brand-50 font-medium text-brand-900' : 'border-slate-300 text-slate-700'}`}>
            {t(`viewNames.${v}`)}
          </Link>
        ))}
      </nav>
      <Card title={t(`viewNames.${view}`)}>
        {rows.length === 0 ? (
          <EmptyState>{t('empty')}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t(`viewNames.${view}`)}</caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-2">{t('ref')}</th>
                  <th scope="col">{t('customer')}</th>
                  <th scope="col">{t('category')}</th>
                  <th scope="col">{t('stateColumn')}</th>
                  <th scope="col">{t('handler')}</th>
                  <th scope="col">{t('deadline')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id} className="border-t border-slate-100 align-top">
                    <th scope="row" className="py-2 font-normal">
                      <Link href={`/complaints/${c.id}`} className="font-mono text-brand-700 underline">
                        {c.ref}
                      </Link>
                      <div className="text-xs text-slate-600">{format.dateTime(new Date(c.received_at), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Shanghai' })}</div>
                    </th>
                    <td className="py-2">{c.customer_name}</td>
                    <td className="space-x-1 py-2">
                      <span>{t(`categories.${c.category}`)}</span>
                      <Badge tone={c.severity === 'high' ? 'red' : c.severity === 'medium' ? 'amber' : 'slate'}>{t(`severities.${c.severity}`)}</Badge>
                    </td>
                    <td className="space-x-1 py-2">
                      <StateBadge state={c.state} />
                      {c.escalated && <Badge tone="red">{t('escalated')}</Badge>}
                    </td>
                    <td className="py-2">{c.handler_name ?? <span className="text-amber-800">{t('unassigned')}</span>}</td>
                    <td className="py-2">
                      {c.acknowledged_at === null ? (
                        <Deadline label={t('acknowledgeBy')} dueBy={new Date(c.acknowledge_by)} metAt={null} calendar={calendar} now={now} />
                      ) : c.state === 'accepted' || c.state === 'investigating' ? (
                        <Deadline label={t('resolveBy')} dueBy={new Date(c.resolve_by)} metAt={null} calendar={calendar} now={now} />
                      ) : (
                        t(`states.${c.state}`)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager
          label={tp('label', { list: t(`viewNames.${view}`) })}
          nextHref={next ? hrefWith('/complaints', { view, after: next }) : null}
          firstHref={after ? hrefWith('/complaints', { view }) : null}
          moreText={tp('more')}
          nextText={tp('next')}
          firstText={tp('first')}
        />
      </Card>
    </div>
  );
}
