import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';
import type { TemplateDefinition, TemplateItem } from '@/lib/qc/template';

/** What an item is worth and how it is rated, as badges. */
function ItemBadges({ item }: { item: TemplateItem }) {
  const t = useTranslations('scorecards');
  return (
    <span className="flex flex-wrap items-center gap-1">
      <Badge tone="blue">{t('weightValue', { weight: item.weight })}</Badge>
      <Badge>{item.scale.kind === 'points' ? t('scalePointsValue', { max: item.scale.max }) : t('scaleYesNo')}</Badge>
      {item.critical && <Badge tone="red">{t('critical')}</Badge>}
      {item.allowNa && <Badge>{t('naAllowed')}</Badge>}
      {item.auto && <Badge tone="amber">{t('fromRecord', { check: t(`autoChecks.${item.auto}`) })}</Badge>}
    </span>
  );
}

/**
 * A scorecard definition, read-only: its sections and their items, with weight, scale, whether critical, whether N/A may
 * be chosen, whether the record answers it, and the inspector's guidance. Shared by server and client components.
 */
export function ScorecardView({ definition, level = 3 }: { definition: TemplateDefinition; level?: 3 | 4 }) {
  const t = useTranslations('scorecards');
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <div className="space-y-4 text-sm">
      {definition.sections.map((section, i) => (
        <div key={section.key}>
          <Heading className="font-semibold text-slate-800">{t('sectionHeading', { section: i + 1, title: section.title })}</Heading>
          <ol className="mt-2 space-y-2">
            {section.items.map((item) => (
              <li key={item.key} className="rounded-md border border-slate-200 p-3">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{item.title}</span>
                  <ItemBadges item={item} />
                </p>
                {item.guidance && <p className="mt-1 whitespace-pre-line text-slate-700">{item.guidance}</p>}
                <p className="mt-1 text-xs text-slate-600">{t('keyValue', { key: item.key })}</p>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}
