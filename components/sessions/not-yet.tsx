import { getTranslations } from 'next-intl/server';
import type { Step } from '@/lib/sessions/ladder';

/** A business whose own verification steps are not all done yet: what is still needed. */
export async function NotYet({ title, steps }: { title?: string; steps: Step[] }) {
  const t = await getTranslations('teller');
  return (
    <p className="text-sm text-slate-600">
      {title && <span className="font-medium text-slate-800">{title}：</span>}
      {t('needsSteps', { steps: steps.map((step) => t(`stepNames.${step}`)).join(t('listSeparator')) })}
    </p>
  );
}
