import { getTranslations } from 'next-intl/server';
import { Announcer } from '@/components/ui/announcer';
import { InspectionCard } from '@/components/quality/inspection-card';
import { MyRectifications } from '@/components/quality/my-rectifications';
import { loadScorecards, scorecardOf } from '@/components/quality/scorecards';
import { EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { listRectifications, listTellerInspections } from '@/lib/qc/feedback';

/**
 * The teller's side of quality control: the inspections of their sessions (to read and acknowledge, and to dispute
 * within the window), and the rectification tasks the serious findings opened.
 */
export default async function MyQuality() {
  const user = await requireScreen('/teller');
  const [t, inspections, rectifications] = await Promise.all([getTranslations('quality'), listTellerInspections(user.id), listRectifications({ tellerId: user.id })]);
  const scorecards = await loadScorecards([...inspections, ...rectifications]);
  const now = new Date();
  return (
    <Announcer>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">{t('myTitle')}</h1>
        <p className="text-sm text-slate-600">{t('myIntro')}</p>
        {inspections.length === 0 ? (
          <EmptyState>{t('inspectionsEmpty')}</EmptyState>
        ) : (
          inspections.map((i) => (
            <InspectionCard key={i.id} inspection={i} scorecard={scorecardOf(scorecards, i)} disputeOpen={i.disputeUntil !== null && i.disputeUntil > now} />
          ))
        )}
        <MyRectifications rows={rectifications} scorecards={scorecards} />
      </div>
    </Announcer>
  );
}
