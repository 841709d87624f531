import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { RecordComplaintForm } from '@/components/complaints/forms';
import { Card } from '@/components/ui/card';
import { db } from '@/db';
import { sql } from 'drizzle-orm';
import { getSessionSummary } from '@/db/queries/service-sessions';
import { requireScreen } from '@/lib/auth/current-user';
import { UUID } from '@/lib/ids';
import { possibleHandlers } from '@/lib/complaints/lists';

/**
 * Recording a complaint: from a session (?session=, a teller only their own) — the customer, the teller complained
 * about and the session's cases come from it — or on its own, the customer named by document number.
 */
export default async function NewComplaint({ searchParams }: { searchParams: Promise<{ session?: string }> }) {
  const user = await requireScreen('/complaints');
  const sessionParam = (await searchParams).session;
  const [t, tc, format, staffRows] = await Promise.all([getTranslations('complaints'), getTranslations('cases'), getFormatter(), possibleHandlers()]);
  const summary = sessionParam && UUID.test(sessionParam) ? await getSessionSummary(sessionParam) : undefined;
  const session = summary && summary.customerId && (user.role === 'supervisor' || summary.tellerId === user.id) ? summary : undefined;
  const cases = session
    ? await db.execute<{ id: string; type: string; created_at: Date }>(sql`SELECT id, type, created_at FROM cases WHERE session_id = ${session.id} ORDER BY created_at`)
    : [];
  const at = new Date();
  const now = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
  return (
    <div className="space-y-6">
      <Link href="/complaints" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('recordTitle')}</h1>
      <p className="text-sm text-slate-600">{t('recordHelp')}</p>
      {sessionParam && !session && <p className="text-sm text-red-700">{t('sessionUnavailable')}</p>}
      <Card>
        <RecordComplaintForm
          session={
            session
              ? { id: session.id, label: t('sessionLabel', { customer: session.customerName ?? '—', teller: session.tellerName, time: format.dateTime(session.startedAt, { dateStyle: 'short', timeStyle: 'short' }) }) }
              : undefined
          }
          staffOptions={staffRows.map((s) => ({ value: s.id, label: `${s.name} · ${t(`roles.${s.role}`)}` }))}
          caseOptions={cases.map((c) => ({ value: c.id, label: `${tc(`types.${c.type as 'transfer_internal'}`)} · ${c.id.slice(0, 8).toUpperCase()}` }))}
          canAssign={user.role === 'supervisor'}
          now={now}
        />
      </Card>
    </div>
  );
}
