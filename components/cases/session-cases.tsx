import { getTranslations } from 'next-intl/server';
import { MakerActions } from '@/components/cases/maker-actions';
import { LiveCases } from '@/components/sessions/live-cases';
import { Badge, Card } from '@/components/ui/card';
import type { listSessionCases } from '@/db/queries/cases';
import { formatFen } from '@/lib/cases/approval-policy';

/**
 * The session's cases (本会话的业务): type, amount, state, approvals so far, why one came back, a link to the documents
 * being collected, and the maker's buttons; live while any awaits a supervisor.
 */
export async function SessionCases({ sessionId, cases, open, collecting }: { sessionId: string; cases: Awaited<ReturnType<typeof listSessionCases>>; open: boolean; collecting: string[] }) {
  if (cases.length === 0) return null;
  const [t, td] = await Promise.all([getTranslations('cases'), getTranslations('documents')]);
  return (
    <Card title={t('sessionCases')}>
      <ul aria-label={t('sessionCases')} className="space-y-2 text-sm">
        {cases.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center gap-2 border-b border-slate-100 pb-2">
            <span>{t(`types.${c.type as 'transfer_internal'}`)}</span>
            <span className="font-mono">{c.amountFen !== null ? formatFen(c.amountFen) : ''}</span>
            <Badge tone={c.state === 'completed' ? 'green' : c.state === 'pending_approval' ? 'amber' : c.state === 'rejected' ? 'red' : 'slate'}>{t(`states.${c.state as 'draft'}`)}</Badge>
            {c.state === 'pending_approval' && <span className="text-slate-600">{t('approvalsOf', { approvals: c.approvals, required: c.requiredLevel })}</span>}
            {c.state === 'returned' && (
              <span className="w-full text-amber-900">{t('returnedWith', { reason: t(`reasons.${(c.returnReason ?? 'other') as 'other'}`), note: c.returnNote ?? '' })}</span>
            )}
            {collecting.includes(c.id) && (
              <a href={`#documents-${c.id}`} className="text-brand-700 underline">
                {td('goTo')}
              </a>
            )}
            {open && <MakerActions sessionId={sessionId} caseId={c.id} state={c.state} kind={c.type} type={t(`types.${c.type as 'transfer_internal'}`)} hasDocuments={c.requiredDocuments.length > 0} />}
          </li>
        ))}
      </ul>
      {cases.some((c) => c.state === 'pending_approval') && <LiveCases sessionId={sessionId} />}
    </Card>
  );
}
