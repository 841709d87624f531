import { getTranslations } from 'next-intl/server';
import { CardActions, OpenCardForm } from '@/components/cards/card-forms';
import { NotYet } from '@/components/sessions/not-yet';
import { AutoRefresh } from '@/components/shell/auto-refresh';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { maskCardNumber } from '@/lib/cards/lifecycle';
import type { listCustomerCards } from '@/lib/cards/service';
import type { Step } from '@/lib/sessions/ladder';

/**
 * The console's 银行卡 card: the customer's cards (masked) with what the teller may do with each, a pending
 * application, the wait for the keypad during activation, and the application form — or the steps still missing.
 */
export async function SessionCards(p: {
  sessionId: string;
  cards: Awaited<ReturnType<typeof listCustomerCards>>;
  accounts: { id: string; label: string }[];
  applicationPending: boolean;
  promptLive: boolean;
  // null: nothing to do here (the contact is closed or the customer frozen); [] : verified for card business.
  missing: Step[] | null;
}) {
  const t = await getTranslations('cards');
  const usable = p.missing !== null && p.missing.length === 0;
  return (
    <Card title={t('title')}>
      {p.applicationPending && <p className="mb-2 text-sm text-amber-800">{t('applicationPending')}</p>}
      {p.cards.length === 0 ? (
        <EmptyState>{t('none')}</EmptyState>
      ) : (
        <ul aria-label={t('customerCards')} className="space-y-3 text-sm">
          {p.cards.map((card) => (
            <li key={card.id} className="space-y-2 border-b border-slate-100 pb-3">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{card.last4 ? maskCardNumber(card.last4) : t('notYetNumbered')}</span>
                <span className="text-slate-600">{t('onAccount', { last4: card.accountLast4 })}</span>
                <Badge tone={card.status === 'activated' ? 'green' : card.status === 'lost' || card.status === 'frozen' ? 'red' : 'slate'}>{t(`states.${card.status as 'requested'}`)}</Badge>
              </p>
              {usable && <CardActions sessionId={p.sessionId} cardId={card.id} status={card.status} last4={card.last4} />}
            </li>
          ))}
        </ul>
      )}
      {p.promptLive && (
        <p role="status" className="mt-2 text-sm text-amber-800">
          <AutoRefresh seconds={2} />
          {t('waitingForKeypad')}
        </p>
      )}
      {p.missing !== null &&
        (usable ? (
          <div className="mt-4 border-t border-slate-100 pt-3">
            <h3 className="mb-2 font-semibold">{t('openCard')}</h3>
            <OpenCardForm sessionId={p.sessionId} accounts={p.accounts.filter((a) => !p.cards.some((c) => c.accountId === a.id && c.status !== 'closed' && c.status !== 'lost'))} />
          </div>
        ) : (
          <NotYet title={t('title')} steps={p.missing} />
        ))}
    </Card>
  );
}
