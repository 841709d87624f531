import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { listDocumentsDue } from '@/db/queries/customer-360';
import { DocumentStateBadge, RiskBadge } from '@/components/customers/badges';
import { Card, EmptyState } from '@/components/ui/card';
import { auditView, requireScreen } from '@/lib/auth/current-user';
import { isRealIsoDate } from '@/lib/customers/documents/dates';
import { reviewWindowDays } from '@/lib/config';

const PAGE = 50;
const cursorSchema = z.object({
  after: z.string().refine(isRealIsoDate),
  id: z.string().uuid(),
});

/**
 * Periodic review (定期复核): identity documents that have expired or end within the review window, soonest first.
 * Tellers call the customers to renew; an expired document blocks high-risk business until the renewal is approved.
 */
export default async function ReviewList({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireScreen('/customers');
  // A work list of customers (masked): every page viewed is audited, like a customer screen.
  await auditView(user.id, user.role, 'customer_review_list', 'documents_due');
  const params = await searchParams;
  const cursor = cursorSchema.safeParse({ after: params.after, id: params.id });
  const window = reviewWindowDays();
  const rows = await listDocumentsDue(window, cursor.success ? { expiry: cursor.data.after, id: cursor.data.id } : undefined, PAGE + 1);
  const page = rows.slice(0, PAGE);
  const last = page.at(-1);
  const [t, tt] = await Promise.all([getTranslations('customer360'), getTranslations('teller')]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('reviewTitle')}</h1>
      <p className="text-sm text-slate-600">{t('reviewHelp', { days: window })}</p>
      <Card title={t('reviewList')}>
        {page.length === 0 ? (
          <EmptyState>{t('reviewEmpty')}</EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th scope="col">{tt('fields.name')}</th>
                <th scope="col">{tt('document')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">{tt('riskLevel')}</th>
              </tr>
            </thead>
            <tbody>
              {page.map((r) => (
                <tr key={r.id} className="border-t border-slate-100">
                  <td className="py-2">
                    {user.role === 'supervisor' ? (
                      <Link href={`/customers/${r.id}`} className="text-brand-700 underline">
                        {r.name}
                      </Link>
                    ) : (
                      r.name
                    )}
                  </td>
                  <td>
                    {tt(`documentTypes.${r.documentType}`)} <span className="font-mono">{r.idNumberMasked}</span>
                  </td>
                  <td>
                    <DocumentStateBadge expiry={r.documentExpiry} />
                  </td>
                  <td>
                    <RiskBadge level={r.riskLevel} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {rows.length > PAGE && last && (
          <p className="mt-4">
            <Link href={`/customers/review?after=${last.documentExpiry}&id=${last.id}`} className="text-brand-700 underline">
              {t('nextPage')}
            </Link>
          </p>
        )}
      </Card>
    </div>
  );
}
