'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { proposeKbAction } from '@/app/(kb)/kb/actions';
import { ActionForm, CheckboxField, Field, SelectField, SubmitButton, TextArea } from '@/components/ui/action-form';
import { buttonClass } from '@/components/ui/button-class';
import { ARTICLE_CLASS } from './article-class';

type Option = { value: string; label: string };
export type EditorStart = { articleId: string | null; baseVersion: number | null; title: string; body: string; businessTypes: string[]; reviewBy: string };

/**
 * The article editor: Markdown in a text area, previewed on demand by the server's own renderer and sanitizer (what
 * readers will get), submitted as a version for a second person to publish. A new article also names its kind.
 */
export function KbEditor({ start, kinds, businessTypes }: { start: EditorStart; kinds: Option[] | null; businessTypes: Option[] }) {
  const t = useTranslations('kb');
  const router = useRouter();
  const [body, setBody] = useState(start.body);
  const [preview, setPreview] = useState<{ html: string } | { failed: true } | null>(null);

  async function showPreview() {
    const res = await fetch('/api/kb/preview', { method: 'POST', body, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }).catch(() => null);
    setPreview(res?.ok ? ((await res.json()) as { html: string }) : { failed: true });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <ActionForm action={proposeKbAction} label={t('editorForm')} className="space-y-4" onSuccess={(r) => router.push(`/kb/articles/${r.articleId}`)}>
        <input type="hidden" name="articleId" value={start.articleId ?? ''} />
        <input type="hidden" name="baseVersion" value={start.baseVersion ?? ''} />
        {kinds && <SelectField name="kind" label={t('kind')} options={[{ value: '', label: t('chooseKind') }, ...kinds]} defaultValue="" />}
        <Field name="title" label={t('articleTitle')} defaultValue={start.title} maxLength={120} required />
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">{t('businessTypesLegend')}</legend>
          <div className="mt-1 grid grid-cols-2 gap-1">
            {businessTypes.map((b) => (
              <CheckboxField key={b.value} name={`bt_${b.value}`} label={b.label} defaultChecked={start.businessTypes.includes(b.value)} />
            ))}
          </div>
        </fieldset>
        <Field name="reviewBy" type="date" label={t('reviewBy')} hint={t('reviewByHint')} defaultValue={start.reviewBy} required />
        <TextArea name="body" label={t('body')} rows={18} maxLength={50_000} value={body} onChange={(e) => setBody(e.target.value)} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-sm aria-[invalid=true]:border-red-600" />
        <p className="text-xs text-slate-600">{t('markdownHelp')}</p>
        <div className="flex flex-wrap gap-2">
          <button type="button" onClick={showPreview} className={buttonClass('secondary')}>
            {t('preview')}
          </button>
          <SubmitButton>{t('submit')}</SubmitButton>
        </div>
      </ActionForm>
      <section aria-label={t('previewTitle')} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="mb-3 text-lg font-semibold text-slate-800">{t('previewTitle')}</h2>
        <p role="status" aria-live="polite" className="text-sm text-red-700">
          {preview && 'failed' in preview ? t('previewFailed') : ''}
        </p>
        {preview && 'html' in preview ? <div className={ARTICLE_CLASS} dangerouslySetInnerHTML={{ __html: preview.html }} /> : <p className="text-sm text-slate-600">{t('previewHelp')}</p>}
      </section>
    </div>
  );
}
