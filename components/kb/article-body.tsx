import { renderMarkdown } from '@/lib/kb/markdown';
import { ARTICLE_CLASS } from './article-class';

/** An article's Markdown, rendered and sanitized on the server (lib/kb/markdown.ts): the only way an article becomes HTML. */
export function ArticleBody({ source, label }: { source: string; label: string }) {
  return <div role="region" aria-label={label} className={ARTICLE_CLASS} dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}
