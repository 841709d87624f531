import { formatPin, type ItemRating } from '@/lib/qc/template';

/** An item's comment with the time in the recording it is pinned to, as [m:ss]. */
export function PinnedComment({ rating }: { rating: ItemRating | undefined }) {
  return (
    <>
      {rating?.atMs !== undefined && <span className="font-mono">[{formatPin(rating.atMs)}] </span>}
      {rating?.comment}
    </>
  );
}
