'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { buttonClass } from '@/components/ui/button-class';
import { translate } from '@/components/ui/action-form';

type Upload = { name: string; progress: number; state: 'sending' | 'done' | 'failed'; message?: string };

/**
 * Uploads a recording to the session's upload route, with a progress bar. The size is checked here first (so nobody
 * waits for a file that will be refused) and again, with the type by its bytes, on the server.
 */
export function UploadRecording({ sessionId, maxBytes }: { sessionId: string; maxBytes: number }) {
  const t = useTranslations();
  const router = useRouter();
  const id = useId();
  const [upload, setUpload] = useState<Upload | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  const send = (file: File) => {
    setFieldError(null);
    if (file.size > maxBytes) {
      setFieldError(t('errors.fileTooLarge'));
      return;
    }
    const form = new FormData();
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    setUpload({ name: file.name, progress: 0, state: 'sending' });
    xhr.upload.onprogress = (e) => e.lengthComputable && setUpload((u) => u && { ...u, progress: Math.round((e.loaded / e.total) * 100) });
    xhr.onload = () => {
      let result: ActionResult<{ id: string }> | null = null;
      try {
        result = JSON.parse(xhr.responseText);
      } catch {
        result = null;
      }
      if (result?.ok) {
        setUpload({ name: file.name, progress: 100, state: 'done', message: t(result.message ?? 'recordings.uploaded') });
        router.refresh();
      } else {
        const key = result && !result.ok ? (result.fieldErrors.file?.[0] ?? result.message) : 'errors.unexpected';
        setUpload({ name: file.name, progress: 0, state: 'failed' });
        setFieldError(translate(t, key));
      }
    };
    xhr.onerror = () => {
      setUpload({ name: file.name, progress: 0, state: 'failed' });
      setFieldError(t('errors.network'));
    };
    xhr.open('POST', `/api/sessions/${sessionId}/recordings`);
    xhr.send(form);
  };

  return (
    <form
      aria-label={t('recordings.upload')}
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        const file = (e.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
        if (file) send(file);
        else setFieldError(t('errors.fileRequired'));
      }}
    >
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {t('recordings.file')}
      </label>
      <input
        id={id}
        name="file"
        type="file"
        accept="audio/*,video/*"
        aria-invalid={!!fieldError}
        aria-describedby={`${id}-hint${fieldError ? ` ${id}-error` : ''}`}
        className="block text-sm file:mr-3 file:rounded file:border file:border-slate-300 file:bg-white file:px-3 file:py-1"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {t('recordings.hint', { mb: Math.floor(maxBytes / 1024 / 1024) })}
      </p>
      {fieldError && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {fieldError}
        </p>
      )}
      {upload && upload.state !== 'failed' && (
        <div role="status" className="space-y-1 text-sm">
          <progress max={100} value={upload.progress} aria-label={t('recordings.progress', { name: upload.name })} className="w-full" />
          <p>{upload.state === 'done' ? upload.message : t('recordings.sending', { name: upload.name, progress: upload.progress })}</p>
        </div>
      )}
      <button type="submit" disabled={upload?.state === 'sending'} className={buttonClass('secondary')}>
        {t('recordings.upload')}
      </button>
    </form>
  );
}
