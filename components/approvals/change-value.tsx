import { useTranslations } from 'next-intl';
import type { DisplayValue } from '@/lib/customers/changes';

/** One side of a requested change, masked where personal; document types and risk levels in the screen's language. */
export function ChangeValue({ value }: { value: DisplayValue }) {
  const t = useTranslations();
  if (value.riskLevel) return <>{value.riskLevel === 'none' ? t('approvals.modelLevel') : t(`ladder.risk.${value.riskLevel}`)}</>;
  if (value.documentType) {
    return (
      <span className="font-sans">
        {t(`teller.documentTypes.${value.documentType}`)} <span className="font-mono">{value.text}</span>
        <span className="block text-xs text-slate-600">{value.expiry ? t('approvals.validUntil', { date: value.expiry }) : t('approvals.longTerm')}</span>
      </span>
    );
  }
  return <>{value.text || '—'}</>;
}
