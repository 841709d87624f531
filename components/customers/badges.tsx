import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';
import { reviewWindowDays } from '@/lib/config';
import { expiryState } from '@/lib/customers/profile';

export { RiskBadge } from './risk-badge';

/** The state of an identity document on today's (Beijing) date: long-term, valid until, expiring soon, expired. */
export function DocumentStateBadge({ expiry }: { expiry: string | null }) {
  const t = useTranslations('teller');
  const state = expiryState(expiry, new Date(), reviewWindowDays());
  const tone = state === 'expired' ? 'red' : state === 'expiring' ? 'amber' : 'slate';
  return <Badge tone={tone}>{t(`documentState.${state}`, { date: expiry ?? '' })}</Badge>;
}
