import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { roleRoute } from '@/lib/actions/role-action';
import { maxRecordingBytes } from '@/lib/files/check';
import { addRecording } from '@/lib/recordings/service';

export const dynamic = 'force-dynamic';

const schema = z.object({
  sessionId: z.string().uuid(),
  file: z.instanceof(File, { message: 'errors.fileRequired' }),
});

/** A teller uploads a recording of their own session (multipart: `file`). */
export const POST = roleRoute('recording.upload', schema, { maxBodyBytes: () => maxRecordingBytes() + 64 * 1024, params: ['sessionId'] }, async ({ sessionId, file }, user) => {
  const r = await addRecording({ sessionId, bytes: new Uint8Array(await file.arrayBuffer()), by: { staffId: user.id }, source: 'upload' });
  revalidatePath(`/teller/sessions/${sessionId}`);
  return { data: { id: r.id }, entityType: 'session_recording', entityId: r.id, details: { session: sessionId, sha256: r.sha256, size: r.size, mime: r.mime }, message: 'recordings.uploaded' };
});
