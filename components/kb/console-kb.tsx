import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { suggestArticles } from '@/lib/kb/service';
import { ConsoleKbSearch } from './console-kb-search';

/**
 * The knowledge panel of the session console: a search box, and articles tagged with the business handled in this
 * session (its cases' types). Articles open in a new tab, so the console and what the teller typed stay as they are.
 */
export async function ConsoleKb({ businessTypes }: { businessTypes: string[] }) {
  const [t, suggestions] = await Promise.all([getTranslations('kb'), suggestArticles(businessTypes)]);
  return (
    <Card title={t('consoleTitle')}>
      <ConsoleKbSearch />
      {suggestions.length > 0 && (
        <>
          <h3 className="mt-4 mb-1 text-sm font-semibold">{t('suggestions')}</h3>
          <ul aria-label={t('suggestions')} className="space-y-1 text-sm">
            {suggestions.map((s) => (
              <li key={s.articleId}>
                <Link href={`/kb/articles/${s.articleId}`} target="_blank" rel="noopener" className="text-brand-700 underline">
                  {s.title}
                  <span className="sr-only">{t('newTab')}</span>
                </Link>{' '}
                <span className="text-xs text-slate-600">{t(`kinds.${s.kind}`)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
