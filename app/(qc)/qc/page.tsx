import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listSessionsToInspect, parseSessionCursor, SESSIONS_TO_INSPECT_PAGE } from '@/db/queries/inspections';
import { AssignByHand, AssignedStatus } from '@/components/qc/assign-by-hand';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { hrefWith, Pager } from '@/components/ui/pager';
import { requireScreen } from '@/lib/auth/current-user';
import { ASSIGNMENTS_PAGE, listMyAssignments, parseAssignmentCursor } from '@/lib/qc/plans';

type Translate = Awaited<ReturnType<typeof getTranslations<'qc'>>>;
type Assignment = Awaited<ReturnType<typeof listMyAssignments>>[number];

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/**
 * The inspector's work: the sessions drawn for (or added by) them, with why each is there, and the other ended
 * sessions waiting for inspection, any of which they may add to their own list with a reason. Each list a page at a
 * time (keyset: `mine` and `others` are the cursors of their last rows), each paged without moving the other.
 */
export default async function InspectionList({ searchParams }: { searchParams: Promise<{ mine?: string | string[]; others?: string | string[] }> }) {
  const user = await requireScreen('/qc');
  const p = await searchParams;
  // A malformed cursor is no cursor: that list's first page.
  const mineAfter = parseAssignmentCursor(one(p.mine)) ? one(p.mine) : undefined;
  const othersAfter = parseSessionCursor(one(p.others)) ? one(p.others) : undefined;
  // One row past each page says whether another follows.
  const [t, tp, format, mineRows, otherRows] = await Promise.all([
    getTranslations('qc'),
    getTranslations('pager'),
    getFormatter(),
    listMyAssignments(user.id, { after: mineAfter, limit: ASSIGNMENTS_PAGE + 1 }),
    listSessionsToInspect(user.id, { after: othersAfter, limit: SESSIONS_TO_INSPECT_PAGE + 1 }),
  ]);
  const mine = mineRows.slice(0, ASSIGNMENTS_PAGE);
  const others = otherRows.slice(0, SESSIONS_TO_INSPECT_PAGE);
  const mineNext = mineRows.length > ASSIGNMENTS_PAGE ? mine.at(-1)?.cursor : undefined;
  const othersNext = otherRows.length > SESSIONS_TO_INSPECT_PAGE ? others.at(-1)?.cursor : undefined;
  const when = (d: Date | string | null) => (d ? format.dateTime(new Date(d), { dateStyle: 'short', timeStyle: 'short' }) : '');
  const why = (a: Assignment) => reasonText(t, a, (names) => format.list(names));

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('list')}</h1>
      <p className="text-sm text-slate-600">
        {t('intro')}{' '}
        <Link href="/qc/plans" className="text-brand-700 underline">
          {t('plans')}
        </Link>
        {' · '}
        <Link href="/qc/calibration" className="text-brand-700 underline">
          {t('calibrationLink')}
        </Link>
      </p>

      <Card title={t('myTasks')}>
        {mine.length === 0 ? (
          <EmptyState>{t('myTasksEmpty')}</EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('myTasks')}</caption>
            <SessionHead t={t} extra={t('reason')} />
            <tbody>
              {mine.map((a) => (
                <tr key={a.id} className="border-t border-slate-100 align-top">
                  <td className="py-2">{when(a.ended_at)}</td>
                  <td>{a.teller_name}</td>
                  <td>{t(`channels.${a.channel}`)}</td>
                  <td>{a.customer_name ?? '—'}</td>
                  <td className="space-x-1 py-2">
                    <Badge tone={a.reason === 'risk' ? 'amber' : a.reason === 'reinspection' || a.reason === 'complaint' ? 'red' : a.reason === 'random' ? 'blue' : 'slate'}>{why(a)}</Badge>
                    {a.draft && <Badge tone="green">{t('draft')}</Badge>}
                  </td>
                  <td className="py-2 text-right">
                    <Link className="text-brand-700 underline" href={`/qc/sessions/${a.session_id}`}>
                      {t('inspectSession', { teller: a.teller_name, customer: a.customer_name ?? '—' })}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager
          label={tp('label', { list: t('myTasks') })}
          nextHref={mineNext ? hrefWith('/qc', { mine: mineNext, others: othersAfter }) : null}
          firstHref={mineAfter ? hrefWith('/qc', { others: othersAfter }) : null}
          moreText={tp('more')}
          nextText={tp('next')}
          firstText={tp('first')}
        />
      </Card>

      <Card title={t('otherSessions')}>
        <AssignedStatus>
          {others.length === 0 ? (
            <EmptyState>{t('otherEmpty')}</EmptyState>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('otherSessions')}</caption>
              <SessionHead t={t} extra={t('addToMine')} />
              <tbody>
                {others.map((s) => (
                  <tr key={s.id} className="border-t border-slate-100 align-top">
                    <td className="py-2">{when(s.endedAt)}</td>
                    <td className="py-2">{s.tellerName}</td>
                    <td className="py-2">{t(`channels.${s.channel}`)}</td>
                    <td className="py-2">{s.customerName ?? '—'}</td>
                    <td className="py-2">
                      <AssignByHand sessionId={s.id} teller={s.tellerName} customer={s.customerName ?? '—'} time={`${s.endedAt ? format.dateTime(s.endedAt, { dateStyle: 'short', timeStyle: 'medium' }) : ''} · ${s.id.slice(0, 8).toUpperCase()}`} />
                    </td>
                    <td className="py-2 text-right">
                      <Link className="text-brand-700 underline" href={`/qc/sessions/${s.id}`}>
                        {t('inspectSession', { teller: s.tellerName, customer: s.customerName ?? '—' })}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </AssignedStatus>
        <Pager
          label={tp('label', { list: t('otherSessions') })}
          nextHref={othersNext ? hrefWith('/qc', { mine: mineAfter, others: othersNext }) : null}
          firstHref={othersAfter ? hrefWith('/qc', { mine: mineAfter }) : null}
          moreText={tp('more')}
          nextText={tp('next')}
          firstText={tp('first')}
        />
      </Card>
    </div>
  );
}

function SessionHead({ t, extra }: { t: Translate; extra: string }) {
  return (
    <thead className="text-slate-600">
      <tr>
        <th scope="col" className="py-2">{t('endedAt')}</th>
        <th scope="col">{t('teller')}</th>
        <th scope="col">{t('channel')}</th>
        <th scope="col">{t('customer')}</th>
        <th scope="col">{extra}</th>
        <th scope="col"><span className="sr-only">{t('inspect')}</span></th>
      </tr>
    </thead>
  );
}

/** Why a session is on the inspector's list: drawn at random, flagged by risk rules (named), added by hand (with the note), a re-inspection, or a complaint. */
function reasonText(t: Translate, a: Assignment, list: (names: string[]) => string): string {
  if (a.reason === 'risk') {
    const names = a.risk_reasons.filter((r) => t.has(`riskReasons.${r}`)).map((r) => t(`riskReasons.${r}`));
    return t('reasons.risk', { reasons: list(names) });
  }
  if (a.reason === 'manual') return t('reasons.manual', { note: a.note ?? '' });
  return t(a.reason === 'reinspection' ? 'reasons.reinspection' : a.reason === 'complaint' ? 'reasons.complaint' : 'reasons.random');
}
