import { describe, expect, it } from 'vitest';
import { normalizeText, searchTerms, searchTokens } from './tokens';

/** What the database's `search_tokens @> query_tokens` answers: the document holds every token of the query. */
function finds(query: string, document: string): boolean {
  const have = new Set(searchTokens(document));
  const wanted = searchTokens(query);
  return wanted.length > 0 && wanted.every((t) => have.has(t));
}

describe('search tokens', () => {
  it('gives single characters and overlapping pairs for Chinese', () => {
    expect(searchTokens('开卡业务')).toEqual(['开', '开卡', '卡', '卡业', '业', '业务', '务']);
  });

  it('finds "开卡" inside "如何办理开卡业务" (the knowledge base acceptance point)', () => {
    expect(finds('开卡', '如何办理开卡业务')).toBe(true);
  });

  it('does not find the characters in the other order: "卡开" is not "开卡"', () => {
    expect(finds('卡开', '如何办理开卡业务')).toBe(false);
  });

  it('finds a single character', () => {
    expect(searchTokens('卡')).toEqual(['卡']);
    expect(finds('卡', '如何办理开卡业务')).toBe(true);
    expect(finds('钱', '如何办理开卡业务')).toBe(false);
  });

  it('splits mixed Chinese and Latin text, with or without spaces, and lower-cases words', () => {
    expect(searchTokens('ATM 取款')).toEqual(['atm', '取', '取款', '款']);
    expect(searchTokens('ATM取款')).toEqual(['atm', '取', '取款', '款']);
    expect(finds('ATM 取款', '在 atm 上取款的限额')).toBe(true);
    expect(finds('atm 取款', 'ATM取款须知')).toBe(true);
    expect(finds('ATM 存款', 'ATM取款须知')).toBe(false);
  });

  it('reads full-width letters and digits as half-width', () => {
    expect(normalizeText('ＡＴＭ　１２３')).toBe('atm 123');
    expect(searchTokens('ＡＴＭ取款')).toEqual(['atm', '取', '取款', '款']);
    expect(finds('ＡＴＭ', 'ATM 机')).toBe(true);
    expect(finds('atm', 'ＡＴＭ机')).toBe(true);
  });

  it('matches Latin words whole (no prefixes) and ignores punctuation and Markdown marks', () => {
    expect(searchTokens('**One-time** code: 6 digits!')).toEqual(['one', 'time', 'code', '6', 'digits']);
    expect(finds('transfer', 'Transfer limits')).toBe(true);
    expect(finds('trans', 'Transfer limits')).toBe(false);
  });

  it('has no tokens for a query of punctuation only, and so finds nothing', () => {
    expect(searchTokens(' ，。!? ')).toEqual([]);
    expect(finds('？', '如何办理开卡业务？')).toBe(false);
  });

  it('keeps the runs for ranking and highlighting', () => {
    expect(searchTerms('如何办理 ATM取款？')).toEqual(['如何办理', 'atm', '取款']);
  });
});
