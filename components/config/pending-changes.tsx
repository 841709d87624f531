import { getFormatter, getTranslations } from 'next-intl/server';
import { Announcer } from '@/components/ui/announcer';
import { requireUser } from '@/lib/auth/current-user';
import { changeRef, mayConfigure, type ConfigKind } from '@/lib/config-changes/kinds';
import { listPendingChanges } from '@/lib/config-changes/service';
import { ChangeSummary } from './change-summary';
import { DecideChangeForm } from './decide-form';

/**
 * The configuration changes of a kind (of one target, if named) awaiting their second person, on the screen where
 * that configuration is kept: what each would set, who proposed it when and why; for anyone else who may decide it,
 * the approve/reject form; for its proposer, that it awaits someone else. Nothing shows when none waits (the
 * announcer stays, so a decision's confirmation outlives the change it removed).
 */
export async function PendingChanges({ kind, target, title, level = 2 }: { kind: ConfigKind; target?: string; title?: string; level?: 2 | 3 }) {
  const [viewer, t, format, changes] = await Promise.all([requireUser(), getTranslations('config'), getFormatter(), listPendingChanges(kind, target)]);
  const heading = title ?? t('pendingTitle');
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <Announcer>
      {changes.length > 0 && (
        <section aria-label={heading} className={level === 2 ? 'rounded-lg border border-amber-300 bg-amber-50 p-5 shadow-sm' : 'mt-6 rounded-md border border-amber-300 bg-amber-50 p-4'}>
          <Heading className={level === 2 ? 'text-lg font-semibold text-slate-800' : 'font-semibold text-slate-800'}>{heading}</Heading>
          <p className="mt-1 text-sm text-slate-700">{t('pendingHelp')}</p>
          <ul className="mt-3 space-y-4">
            {changes.map((c) => {
              const ref = changeRef(c.id);
              return (
                <li key={c.id} className="rounded-md border border-amber-200 bg-white p-4">
                  <p className="mb-2 text-sm font-medium text-slate-800">
                    {t('ref', { ref })} · {t('proposedLine', { name: c.proposerName, at: format.dateTime(c.proposedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}
                  </p>
                  <ChangeSummary kind={kind} payload={c.payload} />
                  <p className="mt-2 text-sm text-slate-700">{t('noteLine', { note: c.note })}</p>
                  <div className="mt-3">
                    {c.proposedBy !== viewer.id && mayConfigure(kind, viewer.role) ? (
                      <DecideChangeForm changeId={c.id} changeRef={ref} />
                    ) : (
                      <p className="text-sm font-medium text-amber-900">{t(c.proposedBy === viewer.id ? `yours.${kind}` : `awaiting.${kind}`)}</p>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </Announcer>
  );
}
