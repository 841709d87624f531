'use client';

import { useTranslations } from 'next-intl';
import { buttonClass } from '@/components/ui/button-class';

/** Opens the browser's print dialog (print or save as PDF); the page's print styles leave only the appraisal. */
export function PrintButton() {
  const t = useTranslations('appraisal');
  return (
    <button type="button" onClick={() => window.print()} className={`${buttonClass('secondary')} print:hidden`}>
      {t('print')}
    </button>
  );
}
