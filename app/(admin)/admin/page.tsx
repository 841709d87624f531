import { getTranslations } from 'next-intl/server';
import { listStaff } from '@/db/queries/staff';
import { CreateStaffForm, StaffRowControls } from '@/components/admin/staff-forms';
import { Badge, Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';

export default async function StaffAdmin() {
  const user = await requireScreen('/admin');
  const [t, tr, members] = await Promise.all([getTranslations('admin'), getTranslations('roles'), listStaff()]);
  const now = new Date();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <Card title={t('create')}>
        <CreateStaffForm />
      </Card>
      <Card title={t('list', { count: members.length })}>
        <ul className="divide-y divide-slate-100">
          {members.map((m) => (
            <li key={m.id} className="py-3" aria-label={m.username}>
              <div className="mb-2 flex flex-wrap items-center gap-2">
                <span className="font-medium">{m.displayName}</span>
                <span className="font-mono text-sm text-slate-600">{m.username}</span>
                <Badge tone="blue">{tr(m.role)}</Badge>
                <Badge tone={m.active ? 'green' : 'red'}>{t(m.active ? 'active' : 'disabled')}</Badge>
                {m.lockedUntil && m.lockedUntil > now && <Badge tone="amber">{t('locked')}</Badge>}
              </div>
              <StaffRowControls staffId={m.id} username={m.username} role={m.role} active={m.active} self={m.id === user.id} />
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
