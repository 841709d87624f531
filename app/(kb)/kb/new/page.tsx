import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { businessTypeLabel } from '@/components/kb/business-labels';
import { KbEditor } from '@/components/kb/kb-editor';
import { BUSINESS_TYPES } from '@/lib/cases/approval-policy';
import { requireKbWriter } from '@/lib/kb/access';
import { KB_KINDS } from '@/lib/kb/schemas';

/** A writer starts an article: its first version goes to a second writer to publish. */
export default async function NewArticle() {
  await requireKbWriter('/kb/new');
  const [t, businessLabel] = await Promise.all([getTranslations('kb'), businessTypeLabel()]);
  return (
    <div className="space-y-6">
      <Link href="/kb" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('newArticle')}</h1>
      <p className="text-sm text-slate-600">{t('fourEyesHelp')}</p>
      <KbEditor
        start={{ articleId: null, baseVersion: null, title: '', body: '', businessTypes: [], reviewBy: '' }}
        kinds={KB_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        businessTypes={BUSINESS_TYPES.map((b) => ({ value: b, label: businessLabel(b) }))}
      />
    </div>
  );
}
