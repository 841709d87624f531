import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { roleRoute } from '@/lib/actions/role-action';
import { DOCUMENT_KINDS } from '@/lib/documents/checklist';
import { uploadCaseDocument } from '@/lib/documents/service';
import { maxUploadBytes } from '@/lib/files/check';

export const dynamic = 'force-dynamic';

const schema = z.object({
  caseId: z.string().uuid(),
  kind: z.enum(DOCUMENT_KINDS, { message: 'errors.chooseDocumentKind' }),
  file: z.instanceof(File, { message: 'errors.fileRequired' }),
  replacesId: z.string().uuid('errors.invalid').optional().or(z.literal('').transform(() => undefined)),
});

/** The case's teller uploads a document to it (multipart: `kind`, `file`, optionally `replacesId`). */
export const POST = roleRoute('document.upload', schema, { maxBodyBytes: () => maxUploadBytes() + 64 * 1024, params: ['caseId'] }, async ({ caseId, kind, file, replacesId }, user) => {
  const r = await uploadCaseDocument({ caseId, tellerId: user.id, kind, bytes: new Uint8Array(await file.arrayBuffer()), replacesId });
  revalidatePath('/teller/sessions/[id]', 'page');
  return {
    data: { id: r.id, existing: r.existing },
    entityType: 'case_document',
    entityId: r.id,
    details: { case: caseId, kind, sha256: r.sha256, size: r.size, mime: r.mime, existing: r.existing },
    message: r.existing ? 'documents.alreadyUploaded' : 'documents.uploaded',
  };
});
