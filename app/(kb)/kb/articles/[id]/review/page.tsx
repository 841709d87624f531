import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { businessTypeLabel } from '@/components/kb/business-labels';
import { ArticleBody } from '@/components/kb/article-body';
import { KbDecision } from '@/components/kb/kb-decision';
import { Card, EmptyState } from '@/components/ui/card';
import { requireKbWriter } from '@/lib/kb/access';
import { getArticle } from '@/lib/kb/service';

/**
 * The second person's review of a pending version (四眼原则): what changes against the published version (title, tags,
 * review date, and the two texts side by side), the new text as readers would get it, and the decision — not for its
 * author.
 */
export default async function ReviewVersion({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireKbWriter('/kb/articles/review');
  const { id } = await params;
  const article = await getArticle(id, user.id, true);
  if (!article) notFound();
  const [t, businessLabel, format] = await Promise.all([getTranslations('kb'), businessTypeLabel(), getFormatter()]);
  const { pending, published } = article;
  const last = article.versions[0];
  const tags = (list: string[]) => (list.length ? format.list(list.map((b) => businessLabel(b))) : t('general'));

  return (
    <div className="space-y-6">
      <Link href={`/kb/articles/${article.id}`} className="text-sm text-brand-700 underline">
        {t('backToArticle')}
      </Link>
      <h1 className="text-2xl font-semibold">{pending ? t('reviewTitle', { title: pending.title, version: pending.version }) : t('reviewNone')}</h1>
      {!pending ? (
        // Just decided here, or by someone else: what became of the newest version.
        <EmptyState>
          {t('noPendingHere')} {last?.deciderName && t(last.status === 'rejected' ? 'lastRejected' : 'lastPublished', { version: last.version, name: last.deciderName })}
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-600">{t('writtenBy', { name: pending.authorName ?? t('system'), time: format.dateTime(pending.createdAt, { dateStyle: 'short', timeStyle: 'short' }) })}</p>
          <Card title={t('changes')}>
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-slate-600">
                  <th scope="col" className="py-1 font-medium">{t('field')}</th>
                  <th scope="col" className="py-1 font-medium">{published ? t('currentVersion', { version: published.version }) : t('nothingPublished')}</th>
                  <th scope="col" className="py-1 font-medium">{t('proposedVersion', { version: pending.version })}</th>
                </tr>
              </thead>
              <tbody>
                {[
                  [t('articleTitle'), published?.title, pending.title],
                  [t('businessType'), published && tags(published.businessTypes), tags(pending.businessTypes)],
                  [t('reviewBy'), published?.reviewBy, pending.reviewBy],
                ].map(([field, before, after]) => (
                  <tr key={field} className={`border-t border-slate-100 ${before !== after ? 'bg-amber-50' : ''}`}>
                    <th scope="row" className="py-2 pr-3 text-left font-normal text-slate-600">{field}</th>
                    <td className="py-2 pr-3">{before ?? '—'}</td>
                    <td className="py-2">{after}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title={published ? t('currentText', { version: published.version }) : t('nothingPublished')}>
              {published ? <pre className="whitespace-pre-wrap break-words font-mono text-sm">{published.body}</pre> : <EmptyState>{t('firstVersion')}</EmptyState>}
            </Card>
            <Card title={t('proposedText', { version: pending.version })}>
              <pre className="whitespace-pre-wrap break-words font-mono text-sm">{pending.body}</pre>
            </Card>
          </div>
          <Card title={t('asReadersSee')}>
            <ArticleBody source={pending.body} label={t('proposedRendered', { version: pending.version })} />
          </Card>
          <Card title={t('decision')}>
            {pending.authorId === user.id ? (
              <p className="text-sm text-amber-800">{t('ownPending')}</p>
            ) : (
              <KbDecision articleId={article.id} version={pending.version} title={pending.title} />
            )}
          </Card>
        </>
      )}
    </div>
  );
}
