import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';
import type { RiskLevel } from '@/lib/customers/risk';

/** A customer's risk level wherever the customer appears (server or client screens); high risk stands out. */
export function RiskBadge({ level }: { level: RiskLevel }) {
  const t = useTranslations('teller');
  return <Badge tone={level === 'high' ? 'red' : level === 'medium' ? 'amber' : 'green'}>{t(`risk.${level}`)}</Badge>;
}
