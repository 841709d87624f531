import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { businessTypeLabel } from '@/components/kb/business-labels';
import { Highlighted } from '@/components/kb/highlighted';
import { StatusBadge } from '@/components/kb/status-badge';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { buttonClass } from '@/components/ui/button-class';
import { requireScreen } from '@/lib/auth/current-user';
import { BUSINESS_TYPES } from '@/lib/cases/approval-policy';
import { isKbWriter } from '@/lib/kb/access';
import { KB_KINDS, type KbKind } from '@/lib/kb/schemas';
import { listMyArticles, listOverdueReviews, listPendingVersions, searchArticles } from '@/lib/kb/service';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const PAGE = 10;
const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm';

/**
 * The knowledge base (知识库): search published articles (ranked, hits marked), filtered by kind and business. Writers
 * (supervisors, QC) also see the versions awaiting a second person, their own articles, and those of theirs whose
 * review date has passed.
 */
export default async function KnowledgeBase({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireScreen('/kb');
  const params = await searchParams;
  const q = one(params.q).trim().slice(0, 100);
  const kind = (KB_KINDS as readonly string[]).includes(one(params.kind)) ? (one(params.kind) as KbKind) : null;
  const businessType = (BUSINESS_TYPES as readonly string[]).includes(one(params.bt)) ? one(params.bt) : null;
  const page = Math.min(Math.max(0, Number.parseInt(one(params.page), 10) || 0), 50);
  const writer = isKbWriter(user);
  const [t, businessLabel, format, result, pending, mine, overdue] = await Promise.all([
    getTranslations('kb'),
    businessTypeLabel(),
    getFormatter(),
    searchArticles({ q, kind, businessType, page, limit: PAGE }),
    writer ? listPendingVersions() : [],
    writer ? listMyArticles(user.id) : [],
    writer ? listOverdueReviews(user.id) : [],
  ]);
  const pageHref = (p: number) => `/kb?${new URLSearchParams({ ...(q && { q }), ...(kind && { kind }), ...(businessType && { bt: businessType }), page: String(p) })}`;
  const dt = (d: Date) => format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        {writer && (
          <Link href="/kb/new" className={`ml-auto ${buttonClass()}`}>
            {t('newArticle')}
          </Link>
        )}
      </div>

      <form method="get" action="/kb" role="search" aria-label={t('searchForm')} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
        <label className="block text-sm font-medium text-slate-700">
          {t('query')}
          <input type="search" name="q" defaultValue={q} maxLength={100} className={inputClass} />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          {t('kind')}
          <select name="kind" defaultValue={kind ?? ''} className={inputClass}>
            <option value="">{t('allKinds')}</option>
            {KB_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium text-slate-700">
          {t('businessType')}
          <select name="bt" defaultValue={businessType ?? ''} className={inputClass}>
            <option value="">{t('allBusinessTypes')}</option>
            {BUSINESS_TYPES.map((b) => (
              <option key={b} value={b}>
                {businessLabel(b)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={buttonClass()}>
          {t('search')}
        </button>
      </form>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={q ? t('resultsFor', { q }) : t('allArticles')} className="lg:col-span-2">
          {result.hits.length === 0 ? (
            <EmptyState>{q ? t('noResults') : t('empty')}</EmptyState>
          ) : (
            <ol aria-label={t('results')} className="space-y-4">
              {result.hits.map((h) => (
                <li key={h.articleId} className="border-t border-slate-100 pt-3 first:border-t-0 first:pt-0">
                  <h3 className="flex flex-wrap items-center gap-2 font-semibold">
                    <Link href={`/kb/articles/${h.articleId}`} className="text-brand-700 underline">
                      <Highlighted segments={h.title} />
                    </Link>
                    <Badge tone="blue">{t(`kinds.${h.kind}`)}</Badge>
                  </h3>
                  <p className="mt-1 text-sm text-slate-700">
                    <Highlighted segments={h.snippet} />
                  </p>
                  {h.businessTypes.length > 0 && <p className="mt-1 text-xs text-slate-600">{t('tags', { tags: format.list(h.businessTypes.map((b) => businessLabel(b))) })}</p>}
                </li>
              ))}
            </ol>
          )}
          {(page > 0 || result.more) && (
            <nav aria-label={t('pages')} className="mt-4 flex gap-4 text-sm">
              {page > 0 && (
                <Link href={pageHref(page - 1)} className="text-brand-700 underline">
                  {t('previous')}
                </Link>
              )}
              {result.more && (
                <Link href={pageHref(page + 1)} className="text-brand-700 underline">
                  {t('next')}
                </Link>
              )}
            </nav>
          )}
        </Card>

        {writer && (
          <div className="space-y-6">
            <Card title={t('overdue')}>
              {overdue.length === 0 ? (
                <EmptyState>{t('noOverdue')}</EmptyState>
              ) : (
                <ul className="space-y-2 text-sm">
                  {overdue.map((v) => (
                    <li key={v.articleId}>
                      <Link href={`/kb/articles/${v.articleId}/edit`} className="text-brand-700 underline">
                        {v.title}
                      </Link>{' '}
                      <Badge tone="red">{t('reviewWas', { date: v.reviewBy })}</Badge>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card title={t('pending')}>
              {pending.length === 0 ? (
                <EmptyState>{t('noPending')}</EmptyState>
              ) : (
                <ul className="space-y-2 text-sm">
                  {pending.map((v) => (
                    <li key={v.articleId}>
                      <Link href={`/kb/articles/${v.articleId}/review`} className="text-brand-700 underline">
                        {t('versionOf', { title: v.title, version: v.version })}
                      </Link>
                      <span className="block text-slate-600">
                        {v.authorId === user.id ? t('ownPending') : t('writtenBy', { name: v.authorName ?? '', time: dt(v.createdAt) })}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card title={t('mine')}>
              {mine.length === 0 ? (
                <EmptyState>{t('noMine')}</EmptyState>
              ) : (
                <ul className="space-y-2 text-sm">
                  {mine.map((v) => (
                    <li key={v.articleId}>
                      <Link href={`/kb/articles/${v.articleId}`} className="text-brand-700 underline">
                        {t('versionOf', { title: v.title, version: v.version })}
                      </Link>{' '}
                      <StatusBadge status={v.status} label={t(`status.${v.status as 'pending'}`)} />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
        )}
      </div>
    </div>
  );
}
