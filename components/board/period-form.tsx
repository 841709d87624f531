import { useTranslations } from 'next-intl';
import { buttonClass } from '@/components/ui/button-class';

/** Chooses a period of Beijing days (from, to): a plain GET form, so the period is in the address and can be shared. */
export function PeriodForm({ label, period }: { label: string; period: { from: string; to: string } }) {
  const t = useTranslations('board.period');
  return (
    <form aria-label={label} className="flex flex-wrap items-end gap-3">
      {(['from', 'to'] as const).map((k) => (
        <div key={k}>
          <label htmlFor={`period-${k}`} className="block text-sm font-medium text-slate-700">
            {t(k)}
          </label>
          <input id={`period-${k}`} name={k} type="date" defaultValue={period[k]} className="mt-1 rounded-md border border-slate-300 px-3 py-2" />
        </div>
      ))}
      <button type="submit" className={buttonClass('secondary')}>
        {t('show')}
      </button>
    </form>
  );
}
