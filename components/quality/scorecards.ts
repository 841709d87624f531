import 'server-only';
import { scorecardVersion, type PublishedScorecard } from '@/lib/qc/scorecards';
import { itemsOf, type TemplateItem } from '@/lib/qc/template';

type Versioned = { templateId: string | null; templateVersion: number | null };
export type Scorecards = Map<string, PublishedScorecard>;

const keyOf = (templateId: string, version: number) => `${templateId}:${version}`;

/** The scorecard versions a list of inspections (or rectifications) was scored with, each read once. */
export async function loadScorecards(rows: readonly Versioned[]): Promise<Scorecards> {
  const wanted = new Map<string, [string, number]>();
  for (const r of rows) if (r.templateId && r.templateVersion !== null) wanted.set(keyOf(r.templateId, r.templateVersion), [r.templateId, r.templateVersion]);
  const found = await Promise.all([...wanted].map(async ([key, [id, version]]) => [key, await scorecardVersion(id, version)] as const));
  return new Map(found.filter((f): f is readonly [string, PublishedScorecard] => f[1] !== undefined));
}

export function scorecardOf(scorecards: Scorecards, row: Versioned): PublishedScorecard | undefined {
  return row.templateId && row.templateVersion !== null ? scorecards.get(keyOf(row.templateId, row.templateVersion)) : undefined;
}

/** An item of the row's scorecard version, by key. */
export function itemOf(scorecards: Scorecards, row: Versioned, key: string): TemplateItem | undefined {
  const scorecard = scorecardOf(scorecards, row);
  return scorecard && itemsOf(scorecard.definition).find((i) => i.key === key);
}
