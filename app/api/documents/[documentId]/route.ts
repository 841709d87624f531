import { appendAudit } from '@/db/queries/audit';
import { getSessionSummary } from '@/db/queries/service-sessions';
import { auditDeniedView } from '@/lib/auth/current-user';
import { requestContextFrom } from '@/lib/auth/request-context';
import { guardRoute } from '@/lib/auth/route-guard';
import { getDocumentForView } from '@/lib/documents/service';
import { storage } from '@/lib/storage';
import { isSealedBytes, openBytes } from '@/lib/crypto/pii';
import { UUID } from '@/lib/ids';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/**
 * A case document (or its thumbnail with `?thumb=1`), never from a public path: the viewer must be allowed the route
 * and the object — a teller only the cases they made, QC only cases of ended sessions, supervisors all. Every view is
 * audited; a refusal is audited and looks like a missing document.
 */
export async function GET(req: Request, { params }: { params: Promise<{ documentId: string }> }): Promise<Response> {
  const guard = await guardRoute('/api/documents');
  if ('response' in guard) return guard.response;
  const { user } = guard;
  const { documentId } = await params;
  if (!UUID.test(documentId)) return new Response(null, { status: 404, headers: NO_STORE });
  const doc = await getDocumentForView(documentId);
  const session = doc?.sessionId ? await getSessionSummary(doc.sessionId) : undefined;
  const allowed = !!doc && (user.role === 'supervisor' || (user.role === 'teller' && doc.makerId === user.id) || (user.role === 'qc' && session?.status === 'ended'));
  if (!allowed) {
    if (doc) await auditDeniedView(user.id, user.role, 'case_document', documentId);
    return new Response(null, { status: 404, headers: NO_STORE });
  }
  // Deleted after its retention period: the record stays, the file is gone.
  if (doc.purgedAt) return new Response(null, { status: 410, headers: NO_STORE });
  const thumb = new URL(req.url).searchParams.get('thumb') === '1';
  if (thumb && !doc.thumbKey) return new Response(null, { status: 404, headers: NO_STORE });
  const ctx = requestContextFrom(req.headers);
  await appendAudit({ actorId: user.id, actorRole: user.role, action: 'document.view', outcome: 'ok', entityType: 'case_document', entityId: doc.id, requestId: ctx.requestId, ip: ctx.ip, details: { case: doc.caseId, thumb } });
  const stored = await storage().get(thumb ? doc.thumbKey! : doc.fileKey);
  // Documents are sealed at rest; opened here, for this authorised and audited view only.
  const bytes = isSealedBytes(stored) ? openBytes(stored) : stored;
  return new Response(Buffer.from(bytes), { status: 200, headers: { ...NO_STORE, 'Content-Type': thumb ? doc.thumbMime! : doc.mime, 'Content-Disposition': 'inline', 'Content-Length': String(bytes.byteLength) } });
}
