import { AppShell } from '@/components/shell/app-shell';
import { requireScreen } from '@/lib/auth/current-user';

export default async function Layout({ children }: { children: React.ReactNode }) {
  const user = await requireScreen('/account/security');
  return <AppShell user={user}>{children}</AppShell>;
}
