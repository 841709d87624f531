'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { translate } from '@/components/ui/action-form';

type Upload = { key: string; name: string; progress: number; state: 'sending' | 'done' | 'failed'; message?: string };

/** What the server accepts (checked again there, by the bytes); a file the browser cannot type is left to the server. */
function refusedHere(file: File, maxBytes: number): string | null {
  if (file.size === 0) return 'errors.fileEmpty';
  if (file.size > maxBytes) return 'errors.fileTooLarge';
  if (file.type && !file.type.startsWith('image/') && file.type !== 'application/pdf') return 'errors.documentType';
  return null;
}

/** The first thing the server said was wrong: the file's own error, else any field's, else the message. */
function refusal(result: ActionResult<unknown> | null): string {
  if (!result || result.ok) return 'errors.unexpected';
  return result.fieldErrors.file?.[0] ?? Object.values(result.fieldErrors).flat()[0] ?? result.message;
}

/**
 * Uploads documents of one kind to a case: chosen with the file input or dropped on the zone, several at once, each
 * sent on its own (XMLHttpRequest, for the browser's progress events) with its own progress bar and outcome. A
 * re-upload after a rejection names the document it replaces. The size and type are checked here first so nobody waits
 * for a file that will be refused, and again on the server.
 */
export function DocumentUpload({ caseId, kind, kindName, replacesId, maxBytes }: { caseId: string; kind: string; kindName: string; replacesId: string | null; maxBytes: number }) {
  const t = useTranslations();
  const router = useRouter();
  const id = useId();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  // A rejection (a document to replace) makes the earlier outcomes stale: those still sending stay listed.
  const [replacing, setReplacing] = useState(replacesId);
  if (replacing !== replacesId) {
    setReplacing(replacesId);
    if (replacesId) setUploads((all) => all.filter((u) => u.state === 'sending'));
  }

  const update = (key: string, patch: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  const send = (file: File) => {
    const key = crypto.randomUUID();
    const refused = refusedHere(file, maxBytes);
    // The newest few stay listed with their outcome; older ones make room.
    setUploads((all) => [...all.slice(-4), { key, name: file.name, progress: 0, state: refused ? 'failed' : 'sending', message: refused ? t(refused) : undefined }]);
    if (refused) return;
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file);
    if (replacesId) form.append('replacesId', replacesId);
    const xhr = new XMLHttpRequest();
    xhr.upload.onprogress = (e) => e.lengthComputable && update(key, { progress: Math.round((e.loaded / e.total) * 100) });
    xhr.onload = () => {
      let result: ActionResult<{ id: string; existing: boolean }> | null = null;
      try {
        result = JSON.parse(xhr.responseText);
      } catch {
        result = null;
      }
      if (result?.ok) {
        update(key, { progress: 100, state: 'done', message: t(result.message ?? 'documents.uploaded') });
        router.refresh();
      } else {
        update(key, { progress: 0, state: 'failed', message: translate(t, refusal(result)) });
      }
    };
    xhr.onerror = () => update(key, { progress: 0, state: 'failed', message: t('errors.network') });
    xhr.open('POST', `/api/cases/${caseId}/documents`);
    xhr.send(form);
  };

  const sendAll = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) send(file);
  };

  return (
    <div className="space-y-2">
      <label
        htmlFor={id}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={(e) => {
          // Moving onto the zone's own text is not leaving it.
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          sendAll(e.dataTransfer.files);
        }}
        className={`flex cursor-pointer flex-col items-center gap-1 rounded-md border-2 border-dashed px-4 py-3 text-center text-sm focus-within:outline-3 focus-within:outline-offset-2 focus-within:outline-blue-600 ${over ? 'border-brand-600 bg-brand-50' : 'border-slate-300 bg-slate-50 hover:bg-white'}`}
      >
        <span className="font-medium text-slate-800">{t('documents.upload', { kind: kindName })}</span>
        <span className="text-slate-700">{over ? t('documents.dropActive') : t('documents.dropHint')}</span>
        <input
          id={id}
          type="file"
          multiple
          accept="image/*,application/pdf"
          aria-label={t('documents.upload', { kind: kindName })}
          aria-describedby={`${id}-hint`}
          className="sr-only"
          onChange={(e) => {
            sendAll(e.currentTarget.files);
            // The same file may be chosen again (after fixing a refusal, say).
            e.currentTarget.value = '';
          }}
        />
      </label>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {t('documents.fileHint', { mb: Math.floor(maxBytes / 1024 / 1024) })}
        {replacesId && ` ${t('documents.replacesHint')}`}
      </p>
      {uploads.length > 0 && (
        <ul aria-label={t('documents.uploads', { kind: kindName })} aria-live="polite" className="space-y-2 text-sm">
          {uploads.map((u) => (
            <li key={u.key} className="space-y-1">
              <div className="flex items-center gap-2">
                <span className="min-w-0 flex-1 truncate font-mono text-xs" title={u.name}>
                  {u.name}
                </span>
                {u.state !== 'failed' && <progress max={100} value={u.state === 'done' ? 100 : u.progress} aria-label={t('documents.progress', { name: u.name })} className="h-2 w-40" />}
              </div>
              <p className={u.state === 'failed' ? 'text-red-700' : u.state === 'done' ? 'text-emerald-800' : 'text-slate-700'}>
                {u.state === 'sending' ? t('documents.sending', { progress: u.progress }) : u.message}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
