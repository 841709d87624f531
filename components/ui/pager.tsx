import Link from 'next/link';

/**
 * A keyset-paged list's foot: "more follow" with the link to the next page, and on a later page the link back to the
 * first. No page numbers or totals: a keyset page knows only whether another follows it (counting every row of a
 * large list would cost more than the page). The texts come from the caller's catalogue.
 */
export function Pager({ label, nextHref, firstHref, moreText, nextText, firstText }: { label: string; nextHref: string | null; firstHref: string | null; moreText: string; nextText: string; firstText: string }) {
  if (!nextHref && !firstHref) return null;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      {nextHref && <span className="text-slate-600">{moreText}</span>}
      {firstHref && (
        <Link href={firstHref} className="text-brand-700 underline">
          {firstText}
        </Link>
      )}
      {nextHref && (
        <Link href={nextHref} rel="next" className="text-brand-700 underline">
          {nextText}
        </Link>
      )}
    </nav>
  );
}

/** The href of `path` with `params` (those undefined or empty left out), for the pager's links. */
export function hrefWith(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
