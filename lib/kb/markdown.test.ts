import { describe, expect, it } from 'vitest';
import { markdownText, renderMarkdown } from './markdown';

/** Every element and attribute name of an HTML string (attribute values are double-quoted by the sanitizer). */
function markup(html: string): { tags: string[]; attributes: string[] } {
  const tags: string[] = [];
  const attributes: string[] = [];
  for (const m of html.matchAll(/<([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*\/?>/gi)) {
    tags.push(m[1]!.toLowerCase());
    for (const a of m[2]!.matchAll(/([a-z-]+)(?:="[^"]*")?/gi)) attributes.push(a[1]!.toLowerCase());
  }
  // Nothing that looks like a tag is left over: the pattern above read all of them.
  expect(html.replace(/<\/?[a-z0-9]+((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*\/?>/gi, '')).not.toMatch(/</);
  return { tags, attributes };
}

describe('renderMarkdown', () => {
  it('renders headings (one level under the title), lists, tables, code, quotes, emphasis and links', () => {
    const html = renderMarkdown('# 开卡\n\n**注意** *核对*\n\n- 身份证\n- 申请表\n\n| 项目 | 限额 |\n|---|---|\n| 转账 | 5 万 |\n\n> 引用\n\n`code`\n\n[说明](https://bank.example/cards) [清单](/checklists) [邮件](mailto:ops@bank.example)');
    expect(html).toContain('<h2>开卡</h2>');
    expect(html).toContain('<strong>注意</strong> <em>核对</em>');
    expect(html).toContain('<ul>\n<li>身份证</li>');
    expect(html).toContain('<td>转账</td>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<a href="https://bank.example/cards" rel="noopener noreferrer nofollow">说明</a>');
    expect(html).toContain('<a href="/checklists" rel="noopener noreferrer nofollow">清单</a>');
    expect(html).toContain('<a href="mailto:ops@bank.example"');
  });

  it('never lets a script, an iframe or a style element through', () => {
    const html = renderMarkdown('前言\n\n<script>alert(1)</script>\n\n<iframe src="https://evil.example"></iframe>\n\n<style>body{display:none}</style>');
    expect(markup(html).tags.filter((t) => !['p', 'a'].includes(t))).toEqual([]);
    // Raw HTML is shown to the reader as the text that was typed, never as markup.
    expect(html).toContain('&lt;script&gt;');
  });

  it('never lets an event attribute through', () => {
    const html = renderMarkdown('<img src="x" onerror="alert(1)">\n\n![图](x" onerror="alert(1))\n\n[a](https://bank.example "t\\" onclick=\\"alert(1)")');
    const { tags, attributes } = markup(html);
    expect(tags).not.toContain('img');
    expect(attributes.filter((a) => a.startsWith('on'))).toEqual([]);
  });

  it('drops javascript:, data: and vbscript: link targets, however they are written', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', '&#106;avascript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:msgbox(1)', '//evil.example/x']) {
      const html = renderMarkdown(`[点我](${href}) <${href}>`);
      expect(html, href).not.toMatch(/href="(?!https?:|mailto:|\/[^/])/i);
      expect(html, href).not.toMatch(/href="[^"]*(javascript|data:|vbscript)/i);
    }
  });

  it('turns bare addresses into links', () => {
    expect(renderMarkdown('见 https://bank.example/limits')).toContain('<a href="https://bank.example/limits"');
  });
});

describe('markdownText', () => {
  it('keeps the words and drops the marks', () => {
    expect(markdownText('# 如何办理开卡业务\n\n**须**核对 [身份证](https://x.example)。\n\n- 申请表\n- `ATM`')).toBe('如何办理开卡业务\n须核对 身份证。\n申请表\nATM');
  });
});
