import { describe, expect, it } from 'vitest';
import { highlight, snippet } from './highlight';
import { searchTerms } from './tokens';

const marked = (text: string, query: string) =>
  highlight(text, searchTerms(query))
    .map((s) => (s.hit ? `[${s.text}]` : s.text))
    .join('');

describe('highlight', () => {
  it('marks a Chinese term and a Latin word wherever they occur', () => {
    expect(marked('如何办理开卡业务：开卡须本人', '开卡')).toBe('如何办理[开卡]业务：[开卡]须本人');
    expect(marked('ATM 取款与 atm 存款', 'atm')).toBe('[ATM] 取款与 [atm] 存款');
  });

  it('marks the original full-width characters of a half-width query', () => {
    expect(marked('ＡＴＭ取款', 'atm 取款')).toBe('[ＡＴＭ取款]');
  });

  it('marks the character pairs of a Chinese term that is not there whole', () => {
    expect(marked('开卡与业务', '开卡业务')).toBe('[开卡]与[业务]');
  });

  it('keeps markup as text: segments are rendered by React, never as HTML', () => {
    expect(highlight('<b>开卡</b>', ['开卡'])).toEqual([
      { text: '<b>', hit: false },
      { text: '开卡', hit: true },
      { text: '</b>', hit: false },
    ]);
  });

  it('has no hit for no terms', () => {
    expect(highlight('开卡', [])).toEqual([{ text: '开卡', hit: false }]);
  });
});

describe('snippet', () => {
  const text = `${'前'.repeat(100)}开卡${'后'.repeat(100)}`;

  it('cuts around the first hit with ellipses', () => {
    const s = snippet(text, ['开卡'], 30);
    expect(s).toBe(`…${'前'.repeat(10)}开卡${'后'.repeat(18)}…`);
  });

  it('starts at the beginning without a hit, and keeps short text whole', () => {
    expect(snippet(text, ['存款'], 10)).toBe(`${'前'.repeat(10)}…`);
    expect(snippet('短 文\n本', ['x'])).toBe('短 文 本');
  });
});
