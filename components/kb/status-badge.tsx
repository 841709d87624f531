import { Badge } from '@/components/ui/card';

/** A version's state: published green, awaiting its second person amber, rejected red, superseded grey. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <Badge tone={status === 'published' ? 'green' : status === 'pending' ? 'amber' : status === 'rejected' ? 'red' : 'slate'}>{label}</Badge>;
}
