import { useTranslations } from 'next-intl';
import type { DisplayValue, RequestType } from '@/lib/customers/changes';

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

/**
 * A requested change as its checker reads it: the field, the value as it stood and the new one. While the change awaits
 * its decision, `reveal` lets the checker see a masked personal value in full, with a reason (names and levels are
 * shown as they are).
 */
export function ChangeTable({ type, oldValue, newValue, reason, reveal }: { type: RequestType; oldValue: DisplayValue; newValue: DisplayValue; reason: string | null; reveal?: (side: 'old' | 'new', label: string) => React.ReactNode }) {
  const t = useTranslations('approvals');
  const revealable = reveal && ['change_mobile', 'change_document', 'change_birth_date'].includes(type);
  return (
    <>
      <table className="mt-4 w-full text-left text-sm">
        <caption className="mb-1 text-left font-medium">{t('change')}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col">{t('field')}</th>
            <th scope="col">{t('oldValue')}</th>
            <th scope="col">{t('newValue')}</th>
          </tr>
        </thead>
        <tbody>
          <tr className="border-t border-slate-100">
            <th scope="row" className="py-2 font-normal">{t(`fields.${type}`)}</th>
            <td className="font-mono">
              <ChangeValue value={oldValue} />
              {revealable && reveal('old', t('oldValueOf', { field: t(`fields.${type}`) }))}
            </td>
            <td className="font-mono font-semibold">
              <ChangeValue value={newValue} />
              {revealable && reveal('new', t('newValueOf', { field: t(`fields.${type}`) }))}
            </td>
          </tr>
        </tbody>
      </table>
      {reason && <p className="mt-3 text-sm">{t('requestReason', { reason })}</p>}
    </>
  );
}
