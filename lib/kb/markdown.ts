import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Articles are written in Markdown and shown as HTML to every teller, so the HTML is made safe twice: Markdown's own
 * raw HTML is off (a `<script>` typed into an article is shown as text), and the result goes through an allow-list —
 * headings, paragraphs, lists, tables, code, quotes, emphasis and links to http(s), mailto or a relative address;
 * no script, iframe, style, event attribute (on…) or javascript: URL survives. An article's headings sit one level
 * under its title (an author's `#` is an h2 on the page). Pure.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'pre', 'code', 'blockquote', 'a', 'strong', 'em', 's'],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    h2: 'h3',
    h3: 'h4',
    h4: 'h5',
    h5: 'h6',
    // A link leaves the console without telling the target where it came from.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
  },
};

/** An article's Markdown as sanitized HTML (the only HTML of an article the app ever sends to a browser). */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(md.render(source), SANITIZE);
}

type MdToken = ReturnType<typeof md.parse>[number];

/** The words of an article without Markdown's marks: what is tokenised for search and cut into result snippets. */
export function markdownText(source: string): string {
  const out: string[] = [];
  const walk = (tokens: MdToken[]) => {
    for (const t of tokens) {
      if (t.children) walk(t.children);
      else if (t.type === 'text' || t.type === 'code_inline' || t.type === 'code_block' || t.type === 'fence') out.push(t.content);
      else if (t.type === 'softbreak' || t.type === 'hardbreak' || (t.block && t.nesting === -1)) out.push('\n');
    }
  };
  walk(md.parse(source, {}));
  return out.join('').replace(/[ \t]*\n[\s]*/g, '\n').trim();
}
