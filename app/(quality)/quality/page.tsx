import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PendingChanges } from '@/components/config/pending-changes';
import { Announcer } from '@/components/ui/announcer';
import type { Rectification } from '@/components/quality/my-rectifications';
import { OpenDispute } from '@/components/quality/open-dispute';
import { OverdueRectifications, RectificationsToVerify, Reinspections } from '@/components/quality/rectification-reviews';
import { loadScorecards, scorecardOf } from '@/components/quality/scorecards';
import { Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { listOpenDisputes, listRectifications } from '@/lib/qc/feedback';

/**
 * Disputes and rectifications for QC and supervisors: open disputes to resolve (never one's own inspection),
 * answered rectifications to verify (QC only), and the overdue ones.
 */
export default async function Quality() {
  const user = await requireScreen('/quality');
  const verifies = user.role === 'qc';
  const [t, tr, disputes, toVerify, overdue, reinspecting] = await Promise.all([
    getTranslations('quality'),
    getTranslations('qualityReports'),
    listOpenDisputes(),
    verifies ? listRectifications({ status: ['answered'] }) : Promise.resolve([] as Rectification[]),
    listRectifications({ overdue: true }),
    listRectifications({ status: ['reinspecting'] }),
  ]);
  const scorecards = await loadScorecards([...disputes, ...toVerify, ...overdue, ...reinspecting]);
  return (
    <Announcer>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600">{t('intro')}</p>
        <p className="text-sm">
          <Link href="/quality/reports" className="text-brand-700 underline">
            {tr('link')}
          </Link>
        </p>
        <Card title={t('openDisputes')}>
          {disputes.length === 0 ? (
            <EmptyState>{t('openDisputesEmpty')}</EmptyState>
          ) : (
            <div className="space-y-4">
              {disputes.map((d) => (
                <OpenDispute key={d.id} dispute={d} scorecard={scorecardOf(scorecards, d)} viewerId={user.id} />
              ))}
            </div>
          )}
        </Card>
        {verifies && <RectificationsToVerify rows={toVerify} scorecards={scorecards} />}
        {/* Sampling plan changes QC members proposed: a supervisor may be their second person. */}
        {user.role === 'supervisor' && <PendingChanges kind="qc_plan" title={t('planChanges')} />}
        <Reinspections rows={reinspecting} scorecards={scorecards} linked={verifies} />
        <OverdueRectifications rows={overdue} scorecards={scorecards} />
      </div>
    </Announcer>
  );
}
