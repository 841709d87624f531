import { getTranslations } from 'next-intl/server';
import { listLiveSessions } from '@/db/queries/service-sessions';
import { LiveBoard } from '@/components/live/live-board';
import { Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';

export default async function LiveSessionsPage() {
  await requireScreen('/supervisor/live');
  const [t, sessions] = await Promise.all([getTranslations('live'), listLiveSessions()]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <Card>
        <LiveBoard initial={sessions.map((s) => ({ ...s, startedAt: s.startedAt.toISOString() }))} />
      </Card>
    </div>
  );
}
