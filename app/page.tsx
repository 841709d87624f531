import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/current-user';
import { ROLE_HOME } from '@/lib/auth/roles';

export default async function Home() {
  const user = await requireUser();
  redirect(ROLE_HOME[user.role]);
}
