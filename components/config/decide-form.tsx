'use client';

import { useTranslations } from 'next-intl';
import { decideConfigChangeAction } from '@/app/(config)/config/actions';
import { useAnnouncedAction } from '@/components/ui/announcer';
import { DecisionForm } from '@/components/ui/decision-form';

/**
 * A second person's decision on a configuration change: approve (it takes effect at once) or reject with a note. The
 * decided change leaves the list, and this form with it, so the confirmation goes to the list's announcer.
 */
export function DecideChangeForm({ changeId, changeRef }: { changeId: string; changeRef: string }) {
  const t = useTranslations('config');
  const action = useAnnouncedAction(decideConfigChangeAction);
  return (
    <DecisionForm action={action} label={t('decideForm', { ref: changeRef })} hidden={{ changeId }} text={{ note: t('decisionNote'), approve: t('approve'), reject: t('reject') }} compact />
  );
}
