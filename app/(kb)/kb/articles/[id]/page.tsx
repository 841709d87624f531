import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { businessTypeLabel } from '@/components/kb/business-labels';
import { ArticleBody } from '@/components/kb/article-body';
import { KbFeedback } from '@/components/kb/kb-feedback';
import { StatusBadge } from '@/components/kb/status-badge';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { buttonClass } from '@/components/ui/button-class';
import { requireScreen } from '@/lib/auth/current-user';
import { beijingDate } from '@/lib/calendar/working-days';
import { isKbWriter } from '@/lib/kb/access';
import { getArticle } from '@/lib/kb/service';

/**
 * One article as readers get it: the published version rendered (sanitized), who wrote and who approved it, its review
 * date, and the reader's feedback. Writers also reach the next version's editor or the version awaiting review, and
 * see every version in the history (readers: the published ones).
 */
export default async function ArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/kb');
  const { id } = await params;
  const writer = isKbWriter(user);
  const article = await getArticle(id, user.id, writer);
  if (!article) notFound();
  const [t, businessLabel, format] = await Promise.all([getTranslations('kb'), businessTypeLabel(), getFormatter()]);
  const shown = article.published ?? article.latest;
  if (!shown) notFound();
  const dt = (d: Date) => format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' });
  const overdue = article.published !== null && article.published.reviewBy < beijingDate(new Date());

  return (
    <div className="space-y-6">
      <Link href="/kb" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{shown.title}</h1>
        <Badge tone="blue">{t(`kinds.${article.kind}`)}</Badge>
        {!article.published && <Badge tone="amber">{t('unpublished')}</Badge>}
        {writer && (
          <span className="ml-auto flex gap-2">
            {article.pending ? (
              <Link href={`/kb/articles/${article.id}/review`} className={buttonClass()}>
                {t('reviewPending', { version: article.pending.version })}
              </Link>
            ) : (
              <Link href={`/kb/articles/${article.id}/edit`} className={buttonClass('secondary')}>
                {t('edit')}
              </Link>
            )}
          </span>
        )}
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          {article.published ? <ArticleBody source={article.published.body} label={t('articleText')} /> : <EmptyState>{t('notYetPublished')}</EmptyState>}
        </Card>
        <div className="space-y-6">
          {article.published && (
            <Card title={t('about')}>
              <dl className="grid grid-cols-3 gap-2 text-sm">
                <dt className="text-slate-600">{t('version')}</dt>
                <dd className="col-span-2">{article.published.version}</dd>
                <dt className="text-slate-600">{t('author')}</dt>
                <dd className="col-span-2">{article.published.authorName ?? t('system')}</dd>
                <dt className="text-slate-600">{t('approver')}</dt>
                <dd className="col-span-2">{article.published.deciderName ?? t('system')}</dd>
                <dt className="text-slate-600">{t('publishedAt')}</dt>
                <dd className="col-span-2">{article.published.decidedAt ? dt(article.published.decidedAt) : '—'}</dd>
                <dt className="text-slate-600">{t('reviewBy')}</dt>
                <dd className="col-span-2">
                  {article.published.reviewBy} {overdue && <Badge tone="red">{t('overdueBadge')}</Badge>}
                </dd>
                <dt className="text-slate-600">{t('businessType')}</dt>
                <dd className="col-span-2">{article.published.businessTypes.length ? format.list(article.published.businessTypes.map((b) => businessLabel(b))) : t('general')}</dd>
              </dl>
            </Card>
          )}
          {article.published && (
            <Card title={t('feedback')}>
              <p className="mb-3 text-sm text-slate-700">{t('feedbackCounts', { helpful: article.feedback.helpful, outdated: article.feedback.outdated })}</p>
              <KbFeedback articleId={article.id} version={article.published.version} given={article.feedback.mine} />
            </Card>
          )}
          <Card title={t('history')}>
            <ol className="space-y-2 text-sm">
              {article.versions.map((v) => (
                <li key={v.version}>
                  <span className="font-medium">{t('versionNumber', { version: v.version })}</span> <StatusBadge status={v.status} label={t(`status.${v.status as 'pending'}`)} />
                  <span className="block text-slate-600">
                    {t('writtenBy', { name: v.authorName ?? t('system'), time: dt(v.createdAt) })}
                    {v.deciderName && v.decidedAt && ` · ${t('decidedBy', { name: v.deciderName, time: dt(v.decidedAt) })}`}
                  </span>
                  {v.decisionNote && <span className="block text-slate-600">{t('decisionNoteValue', { note: v.decisionNote })}</span>}
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    </div>
  );
}
