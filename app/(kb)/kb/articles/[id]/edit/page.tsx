import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { businessTypeLabel } from '@/components/kb/business-labels';
import { KbEditor } from '@/components/kb/kb-editor';
import { EmptyState } from '@/components/ui/card';
import { BUSINESS_TYPES } from '@/lib/cases/approval-policy';
import { beijingDate } from '@/lib/calendar/working-days';
import { requireKbWriter } from '@/lib/kb/access';
import { getArticle } from '@/lib/kb/service';

/**
 * A writer drafts the next version of an article, starting from the published text (or, before any is published, the
 * latest one written); the version published now is sent along, so a version published meanwhile refuses this one as
 * stale. One version awaits review at a time.
 */
export default async function EditArticle({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireKbWriter('/kb/articles/edit');
  const { id } = await params;
  const article = await getArticle(id, user.id, true);
  const from = article?.published ?? article?.latest;
  if (!article || !from) notFound();
  const [t, businessLabel] = await Promise.all([getTranslations('kb'), businessTypeLabel()]);
  return (
    <div className="space-y-6">
      <Link href={`/kb/articles/${article.id}`} className="text-sm text-brand-700 underline">
        {t('backToArticle')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('editTitle', { title: from.title })}</h1>
      {article.pending ? (
        <EmptyState>
          {t('pendingExists', { version: article.pending.version })}{' '}
          <Link href={`/kb/articles/${article.id}/review`} className="text-brand-700 underline">
            {t('reviewPending', { version: article.pending.version })}
          </Link>
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-600">{article.published ? t('editHelp', { version: article.published.version }) : t('fourEyesHelp')}</p>
          <KbEditor
            start={{ articleId: article.id, baseVersion: article.published?.version ?? null, title: from.title, body: from.body, businessTypes: from.businessTypes, reviewBy: from.reviewBy > beijingDate(new Date()) ? from.reviewBy : '' }}
            kinds={null}
            businessTypes={BUSINESS_TYPES.map((b) => ({ value: b, label: businessLabel(b) }))}
          />
        </>
      )}
    </div>
  );
}
