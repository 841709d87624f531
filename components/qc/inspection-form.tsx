'use client';

import { useTranslations } from 'next-intl';
import { submitInspectionAction } from '@/app/(qc)/qc/actions';
import type { ActionResult } from '@/lib/actions/result';
import { ActionForm, Field, RadioGroup, SubmitButton, TextArea } from '@/components/ui/action-form';
import { Badge } from '@/components/ui/card';
import { formatPin } from '@/lib/qc/constants';
import type { AutoCheck, Ratings, TemplateDefinition, TemplateItem } from '@/lib/qc/template';

type Auto = Record<AutoCheck, { value: 'yes' | 'no' | 'na' }>;

/** One item: its rating on its scale, the answer from the record where there is one, a comment and a time in the recording. */
function Item({ item, section, autos, draft }: { item: TemplateItem; section: string; autos: Auto; draft: Ratings[string] | undefined }) {
  const t = useTranslations('qc');
  const auto = item.auto ? autos[item.auto] : undefined;
  const options = [
    ...(item.scale.kind === 'yes_no'
      ? [
          { value: 'yes', label: t('met') },
          { value: 'no', label: t('notMet') },
        ]
      : Array.from({ length: item.scale.max + 1 }, (_, n) => ({ value: String(n), label: t('points', { n }) }))),
    ...(item.allowNa ? [{ value: 'na', label: t('notApplicable') }] : []),
  ];
  const given = draft?.value !== undefined ? String(draft.value) : auto?.value;
  return (
    <div className="space-y-2 border-t border-slate-100 pt-3">
      <RadioGroup name={`r_${item.key}`} legend={t('itemLegend', { section, item: item.title, weight: item.weight })} options={options} defaultValue={given}>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
          {item.critical && <Badge tone="red">{t('critical')}</Badge>}
          {auto && <Badge tone="slate">{t('fromRecord', { answer: t(`answers.${auto.value}`) })}</Badge>}
          {item.guidance && <span>{item.guidance}</span>}
        </p>
      </RadioGroup>
      <div className="grid gap-2 sm:grid-cols-3">
        <div className="sm:col-span-2">
          <TextArea name={`c_${item.key}`} label={t('itemComment', { item: item.title })} rows={1} maxLength={1000} defaultValue={draft?.comment ?? ''} />
        </div>
        <Field name={`p_${item.key}`} label={t('itemPin', { item: item.title })} placeholder="m:ss" autoComplete="off" maxLength={6} defaultValue={draft?.atMs === undefined ? '' : formatPin(draft.atMs)} />
        {auto && (
          <div className="sm:col-span-3">
            <Field name={`o_${item.key}`} label={t('overrideReason', { item: item.title })} autoComplete="off" maxLength={500} defaultValue={draft?.overrideReason ?? ''} />
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * The scorecard of one session, as its version defines it: a rating per item (answers from the record filled in, to be
 * kept or overridden with a reason), comments pinned to a time in the recording, saved as a draft or submitted. The
 * server computes the score.
 */
export function InspectionForm({
  sessionId,
  definition,
  autos,
  draft,
  comment,
  action = submitInspectionAction,
  hidden = {},
  calibration = false,
}: {
  sessionId: string;
  definition: TemplateDefinition;
  autos: Auto;
  draft?: Ratings;
  comment?: string;
  /** The same scorecard scores a calibration round's session: another action, no draft and no overall comment. */
  action?: (prev: unknown, payload: FormData) => Promise<ActionResult<unknown>>;
  hidden?: Record<string, string>;
  calibration?: boolean;
}) {
  const t = useTranslations('qc');
  return (
    <ActionForm action={action} label={t('scorecard')} className="space-y-5">
      <input type="hidden" name="sessionId" value={sessionId} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {definition.sections.map((section) => (
        <section key={section.key} aria-label={section.title} className="space-y-3">
          <h3 className="font-semibold">{section.title}</h3>
          {section.items.map((item) => (
            <Item key={item.key} item={item} section={section.title} autos={autos} draft={draft?.[item.key]} />
          ))}
        </section>
      ))}
      {!calibration && <TextArea name="comment" label={t('comment')} maxLength={1000} defaultValue={comment ?? ''} />}
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="intent" value="submit">
          {t('submit')}
        </SubmitButton>
        {!calibration && (
          <SubmitButton name="intent" value="draft" variant="secondary">
            {t('saveDraft')}
          </SubmitButton>
        )}
      </div>
    </ActionForm>
  );
}
