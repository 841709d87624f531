'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { proposeScorecardAction } from '@/app/(scorecards)/scorecards/actions';
import { ActionForm, CheckboxField, Field, SelectField, SubmitButton, TextArea, translate, useFieldErrors } from '@/components/ui/action-form';
import { buttonClass } from '@/components/ui/button-class';
import { AUTO_CHECKS, type AutoCheck } from '@/lib/qc/constants';
import type { TemplateDefinition } from '@/lib/qc/template';

type ItemDraft = { id: string; key: string; title: string; guidance: string; weight: string; scale: 'yes_no' | 'points'; max: string; critical: boolean; allowNa: boolean; auto: AutoCheck | '' };
type SectionDraft = { id: string; key: string; title: string; items: ItemDraft[] };
type Option = { value: string; label: string };
export type BuilderTemplate = { templateId: string; name: string; version: number; definition: TemplateDefinition; pending: boolean };

// Ids only tie React keys and focus to a draft's rows; the first ones follow the definition so server and client agree.
const blankItem = (id: string): ItemDraft => ({ id, key: '', title: '', guidance: '', weight: '10', scale: 'yes_no', max: '5', critical: false, allowNa: false, auto: '' });
const blankSection = (id: string): SectionDraft => ({ id, key: '', title: '', items: [blankItem(`${id}-0`)] });

function draftOf(d: TemplateDefinition | undefined): SectionDraft[] {
  if (!d) return [blankSection('s0')];
  return d.sections.map((s, i) => ({
    id: `s${i}`,
    key: s.key,
    title: s.title,
    items: s.items.map((it, j) => ({
      id: `s${i}-${j}`,
      key: it.key,
      title: it.title,
      guidance: it.guidance,
      weight: String(it.weight),
      scale: it.scale.kind,
      max: it.scale.kind === 'points' ? String(it.scale.max) : '5',
      critical: it.critical,
      allowNa: it.allowNa,
      auto: it.auto ?? '',
    })),
  }));
}

// What the server validates; numbers that are not numbers become null and are reported at their field.
function definitionOf(sections: SectionDraft[]) {
  const num = (v: string) => (Number.isFinite(Number(v)) ? Number(v) : null);
  return {
    sections: sections.map((s) => ({
      key: s.key.trim(),
      title: s.title,
      items: s.items.map((it) => ({
        key: it.key.trim(),
        title: it.title,
        guidance: it.guidance,
        weight: num(it.weight),
        scale: it.scale === 'points' ? { kind: 'points', max: num(it.max) } : { kind: 'yes_no' },
        critical: it.critical,
        allowNa: it.allowNa,
        ...(it.auto ? { auto: it.auto } : {}),
      })),
    })),
  };
}

function moved<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [x] = next.splice(from, 1);
  next.splice(to, 0, x!);
  return next;
}

/** A fieldset that takes the server's errors for its path: being named, the form counts it as where those errors show. */
function Group({ name, legend, children }: { name: string; legend: string; children: React.ReactNode }) {
  const t = useTranslations();
  const errors = useFieldErrors(name);
  const errorId = `${name}-error`;
  return (
    <fieldset name={name} aria-invalid={errors.length > 0} aria-describedby={errors.length ? errorId : undefined} className="space-y-3 rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-semibold text-slate-800">{legend}</legend>
      {errors.length > 0 && (
        <p id={errorId} className="text-sm text-red-700">
          {errors.map((e) => translate(t, e)).join(' ')}
        </p>
      )}
      {children}
    </fieldset>
  );
}

function SmallButton({ id, label, children, onClick, disabled }: { id: string; label: string; children: React.ReactNode; onClick: () => void; disabled?: boolean }) {
  return (
    <button id={id} type="button" aria-label={label} onClick={onClick} disabled={disabled} className={`${buttonClass('secondary')} px-2 py-1 text-xs`}>
      {children}
    </button>
  );
}

function Checkboxes({ legend, options, chosen, onChange }: { legend: string; options: Option[]; chosen: string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="inline-flex items-center gap-1 text-sm">
            <input type="checkbox" checked={chosen.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

type ItemEditorProps = {
  it: ItemDraft;
  domId: string;
  at: string;
  n: { section: number; item: number };
  first: boolean;
  last: boolean;
  onChange: (patch: Partial<ItemDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

function ItemEditor({ it, domId, at, n, first, last, onChange, onMove, onRemove }: ItemEditorProps) {
  const t = useTranslations('scorecards');
  const label = (field: string) => t('itemField', { ...n, field: t(`fields.${field}`) });
  return (
    <fieldset id={domId} className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
      <legend className="px-1 text-sm font-medium text-slate-800">{t('itemLegend', n)}</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        <Field name={`${at}.key`} label={label('key')} hint={t('keyHint')} value={it.key} onChange={(e) => onChange({ key: e.target.value })} autoComplete="off" maxLength={40} />
        <div className="sm:col-span-2">
          <Field name={`${at}.title`} label={label('title')} value={it.title} onChange={(e) => onChange({ title: e.target.value })} autoComplete="off" maxLength={120} />
        </div>
      </div>
      <TextArea name={`${at}.guidance`} label={label('guidance')} value={it.guidance} onChange={(e) => onChange({ guidance: e.target.value })} rows={2} maxLength={1000} />
      <div className="grid gap-2 sm:grid-cols-4">
        <Field name={`${at}.weight`} label={label('weight')} type="number" min={1} max={100} step={1} inputMode="numeric" value={it.weight} onChange={(e) => onChange({ weight: e.target.value })} />
        <SelectField
          name={`${at}.scale.kind`}
          label={label('scale')}
          value={it.scale}
          onChange={(e) => onChange({ scale: e.target.value as ItemDraft['scale'] })}
          options={[
            { value: 'yes_no', label: t('scaleYesNo') },
            { value: 'points', label: t('scalePoints') },
          ]}
        />
        {it.scale === 'points' && <Field name={`${at}.scale.max`} label={label('max')} type="number" min={1} max={10} step={1} inputMode="numeric" value={it.max} onChange={(e) => onChange({ max: e.target.value })} />}
        <SelectField name={`${at}.auto`} label={label('auto')} value={it.auto} onChange={(e) => onChange({ auto: e.target.value as ItemDraft['auto'] })} options={[{ value: '', label: t('autoNone') }, ...AUTO_CHECKS.map((c) => ({ value: c, label: t(`autoChecks.${c}`) }))]} />
      </div>
      <div className="flex flex-wrap gap-x-6">
        <CheckboxField name={`${at}.critical`} label={label('critical')} checked={it.critical} onChange={(e) => onChange({ critical: e.target.checked })} />
        <CheckboxField name={`${at}.allowNa`} label={label('allowNa')} checked={it.allowNa} onChange={(e) => onChange({ allowNa: e.target.checked })} />
      </div>
      <div className="flex flex-wrap gap-2">
        <SmallButton id={`${domId}-up`} label={t('moveItemUp', n)} onClick={() => onMove(-1)} disabled={first}>
          {t('moveUp')}
        </SmallButton>
        <SmallButton id={`${domId}-down`} label={t('moveItemDown', n)} onClick={() => onMove(1)} disabled={last}>
          {t('moveDown')}
        </SmallButton>
        <SmallButton id={`${domId}-remove`} label={t('removeItem', n)} onClick={onRemove}>
          {t('remove')}
        </SmallButton>
      </div>
    </fieldset>
  );
}

type SectionEditorProps = {
  s: SectionDraft;
  i: number;
  count: number;
  domId: (id: string) => string;
  onEdit: (f: (s: SectionDraft) => SectionDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  focusLater: (id: string) => void;
  newId: () => string;
};

// After a move the button stays focused, or its opposite once the row reaches the end (the button is disabled there).
const afterMove = (id: string, to: number, count: number, by: -1 | 1) => `${id}-${to === 0 || to === count - 1 ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down'}`;

function SectionEditor({ s, i, count, domId, onEdit, onMove, onRemove, focusLater, newId }: SectionEditorProps) {
  const t = useTranslations('scorecards');
  const at = `definition.sections.${i}`;
  const n = { section: i + 1 };
  const editItem = (j: number, patch: Partial<ItemDraft>) => onEdit((x) => ({ ...x, items: x.items.map((y, k) => (k === j ? { ...y, ...patch } : y)) }));
  return (
    <div id={domId(s.id)}>
      <Group name={`${at}.items`} legend={t('sectionLegend', n)}>
        <div className="grid gap-2 sm:grid-cols-3">
          <Field name={`${at}.key`} label={t('sectionField', { ...n, field: t('fields.key') })} hint={t('keyHint')} value={s.key} onChange={(e) => onEdit((x) => ({ ...x, key: e.target.value }))} autoComplete="off" maxLength={40} />
          <div className="sm:col-span-2">
            <Field name={`${at}.title`} label={t('sectionField', { ...n, field: t('fields.title') })} value={s.title} onChange={(e) => onEdit((x) => ({ ...x, title: e.target.value }))} autoComplete="off" maxLength={80} />
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          <SmallButton id={`${domId(s.id)}-up`} label={t('moveSectionUp', n)} onClick={() => onMove(-1)} disabled={i === 0}>
            {t('moveUp')}
          </SmallButton>
          <SmallButton id={`${domId(s.id)}-down`} label={t('moveSectionDown', n)} onClick={() => onMove(1)} disabled={i === count - 1}>
            {t('moveDown')}
          </SmallButton>
          <SmallButton id={`${domId(s.id)}-remove`} label={t('removeSection', n)} onClick={onRemove}>
            {t('remove')}
          </SmallButton>
        </div>
        {s.items.map((it, j) => (
          <ItemEditor
            key={it.id}
            it={it}
            domId={domId(it.id)}
            at={`${at}.items.${j}`}
            n={{ section: i + 1, item: j + 1 }}
            first={j === 0}
            last={j === s.items.length - 1}
            onChange={(patch) => editItem(j, patch)}
            onMove={(by) => {
              focusLater(afterMove(domId(it.id), j + by, s.items.length, by));
              onEdit((x) => ({ ...x, items: moved(x.items, j, j + by) }));
            }}
            onRemove={() => {
              focusLater(`${domId(s.id)}-add`);
              onEdit((x) => ({ ...x, items: x.items.filter((_, k) => k !== j) }));
            }}
          />
        ))}
        <SmallButton
          id={`${domId(s.id)}-add`}
          label={t('addItem', n)}
          onClick={() => {
            const id = newId();
            focusLater(domId(id));
            onEdit((x) => ({ ...x, items: [...x.items, blankItem(id)] }));
          }}
        >
          {t('addItem', n)}
        </SmallButton>
      </Group>
    </div>
  );
}

/**
 * The scorecard builder (QC only): a new version of a current scorecard, prefilled with it, or a new scorecard with
 * where it applies. Sections and items live in state; the definition goes to the server as JSON, and each visible input
 * is named by its path in it, so the server's errors show where they belong. Another person publishes the proposal.
 */
export function ScorecardBuilder({ templates, channelOptions, businessOptions }: { templates: BuilderTemplate[]; channelOptions: Option[]; businessOptions: Option[] }) {
  const t = useTranslations('scorecards');
  const [templateId, setTemplateId] = useState(() => templates.find((x) => !x.pending)?.templateId ?? '');
  const target = templates.find((x) => x.templateId === templateId);
  const [sections, setSections] = useState(() => draftOf(target?.definition));
  const [name, setName] = useState('');
  const [channels, setChannels] = useState<string[]>([]);
  const [businesses, setBusinesses] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const prefix = useId();
  const seq = useRef(0);
  const focusNext = useRef<string | null>(null);

  // Keeps keyboard focus on what was acted on: a moved row's button, the row added, the nearest button after a removal.
  useEffect(() => {
    if (!focusNext.current) return;
    const el = document.getElementById(focusNext.current);
    focusNext.current = null;
    (el instanceof HTMLButtonElement ? el : el?.querySelector<HTMLElement>('input, select, textarea'))?.focus();
  });

  const domId = (id: string) => `${prefix}${id}`;
  const focusLater = (id: string) => {
    focusNext.current = id;
  };
  const newId = () => `n${++seq.current}`;
  const startOver = (id: string) => {
    setTemplateId(id);
    setSections(draftOf(templates.find((x) => x.templateId === id)?.definition));
  };
  const total = sections.reduce((sum, s) => sum + s.items.reduce((a, it) => a + (Number(it.weight) > 0 ? Number(it.weight) : 0), 0), 0);

  return (
    <ActionForm
      action={proposeScorecardAction}
      label={t('builder')}
      className="space-y-4"
      onSuccess={() => {
        setNote('');
        setName('');
        setChannels([]);
        setBusinesses([]);
        startOver(templateId);
      }}
    >
      <input type="hidden" name="definition" value={JSON.stringify(definitionOf(sections))} />
      <input type="hidden" name="channels" value={templateId ? '' : channels.join(',')} />
      <input type="hidden" name="businesses" value={templateId ? '' : businesses.join(',')} />
      <SelectField
        name="templateId"
        label={t('target')}
        value={templateId}
        onChange={(e) => startOver(e.target.value)}
        options={[...templates.map((x) => ({ value: x.templateId, label: t(x.pending ? 'targetOptionPending' : 'targetOption', { name: x.name, version: x.version }) })), { value: '', label: t('targetNew') }]}
      />
      {target?.pending && <p className="text-sm text-amber-800">{t('pendingWarning')}</p>}
      {!templateId && (
        <div className="space-y-3">
          <Field name="name" label={t('name')} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" maxLength={60} required />
          <Checkboxes legend={t('channels')} options={channelOptions} chosen={channels} onChange={setChannels} />
          <Checkboxes legend={t('businesses')} options={businessOptions} chosen={businesses} onChange={setBusinesses} />
        </div>
      )}
      <Group name="definition.sections" legend={t('content')}>
        {sections.map((s, i) => (
          <SectionEditor
            key={s.id}
            s={s}
            i={i}
            count={sections.length}
            domId={domId}
            focusLater={focusLater}
            newId={newId}
            onEdit={(f) => setSections((all) => all.map((x, k) => (k === i ? f(x) : x)))}
            onMove={(by) => {
              focusLater(afterMove(domId(s.id), i + by, sections.length, by));
              setSections(moved(sections, i, i + by));
            }}
            onRemove={() => {
              focusLater(domId('add-section'));
              setSections(sections.filter((_, k) => k !== i));
            }}
          />
        ))}
        <SmallButton
          id={domId('add-section')}
          label={t('addSection')}
          onClick={() => {
            const id = newId();
            focusLater(domId(id));
            setSections([...sections, blankSection(id)]);
          }}
        >
          {t('addSection')}
        </SmallButton>
      </Group>
      <p className="text-sm text-slate-700">{t('totalWeight', { total })}</p>
      <TextArea name="note" label={t('note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} required />
      <SubmitButton>{t('submit')}</SubmitButton>
    </ActionForm>
  );
}
