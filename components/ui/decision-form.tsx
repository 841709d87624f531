'use client';

import { ActionForm, SubmitButton, TextArea } from './action-form';
import type { ActionResult } from '@/lib/actions/result';

type Action<T> = (prev: unknown, payload: FormData) => Promise<ActionResult<T>>;

/**
 * A second person's decision under four-eyes (a configuration change, an article version, a scorecard version):
 * approve, or reject with a note. The buttons send `decision` as approve or reject; `hidden` names what is decided.
 */
export function DecisionForm<T>({
  action,
  label,
  hidden,
  text,
  onSuccess,
  compact = false,
}: {
  action: Action<T>;
  label: string;
  hidden: Record<string, string | number>;
  text: { note: string; approve: string; reject: string };
  onSuccess?: (data: T) => void;
  compact?: boolean;
}) {
  return (
    <ActionForm action={action} label={label} className={compact ? 'space-y-2' : 'space-y-3'} onSuccess={onSuccess}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextArea name="note" label={text.note} maxLength={500} rows={compact ? 2 : undefined} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="decision" value="approve">
          {text.approve}
        </SubmitButton>
        <SubmitButton name="decision" value="reject" variant="danger">
          {text.reject}
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
