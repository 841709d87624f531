'use client';

import { createContext, useCallback, useContext, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { ActionResult } from '@/lib/actions/result';

type Action<T> = (prev: unknown, payload: FormData) => Promise<ActionResult<T>>;

const Announce = createContext<(message: string) => void>(() => {});

/**
 * The confirmation of a write, as a toast that outlives the form: a step that moves work on (acknowledging, resolving,
 * closing...) removes the form that did it (the page shows the new state instead), and its own status line with it.
 */
export function Announcer({ children }: { children: React.ReactNode }) {
  const t = useTranslations('shell');
  const [message, setMessage] = useState<{ text: string; n: number }>({ text: '', n: 0 });
  const announce = useCallback((text: string) => setMessage((m) => ({ text, n: m.n + 1 })), []);
  return (
    <Announce.Provider value={announce}>
      {children}
      <div className={message.text ? 'fixed right-4 bottom-4 z-20 flex max-w-sm items-start gap-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 shadow-lg' : 'sr-only'}>
        <p role="status" aria-live="polite" className="text-sm text-emerald-900">
          {/* A new node each time, so the same confirmation twice is read out twice. */}
          <span key={message.n}>{message.text}</span>
        </p>
        {message.text && (
          <button type="button" onClick={() => setMessage((m) => ({ text: '', n: m.n }))} className="text-sm text-emerald-900 underline">
            {t('dismiss')}
          </button>
        )}
      </div>
    </Announce.Provider>
  );
}

/** The action, with its confirmation sent to the Announcer rather than to the form's own status line. */
export function useAnnouncedAction<T>(action: Action<T>): Action<T> {
  const announce = useContext(Announce);
  const t = useTranslations();
  return useCallback(
    async (prev: unknown, payload: FormData) => {
      const result = await action(prev, payload);
      if (!result.ok) return result;
      if (result.message) announce(t(result.message, result.messageValues));
      return { ...result, message: undefined };
    },
    [action, announce, t],
  );
}
