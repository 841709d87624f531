'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/** The running handle time of a contact (frozen once it has ended). */
export function HandleTime({ startedAt, endedAt }: { startedAt: string; endedAt: string | null }) {
  const t = useTranslations('teller');
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (endedAt) return;
    const update = () => setNow(Date.now());
    update();
    const timer = window.setInterval(update, 1000);
    return () => window.clearInterval(timer);
  }, [endedAt]);
  const end = endedAt ? new Date(endedAt).getTime() : now;
  if (end === null) return null;
  const s = Math.max(0, Math.floor((end - new Date(startedAt).getTime()) / 1000));
  const text = `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return (
    <span className="font-mono text-sm text-slate-700">
      {t('handleTime')} <time aria-label={t('handleTime')}>{text}</time>
    </span>
  );
}

export const SHORTCUTS = [
  { key: '1', target: 'search' },
  { key: '2', target: 'basic' },
  { key: '3', target: 'password' },
  { key: '4', target: 'otp' },
  { key: '5', target: 'confirm' },
  { key: '6', target: 'request' },
  { key: '0', target: 'end' },
] as const;

/** Alt+digit moves to the frequent steps; the list is shown on the screen. */
export function ConsoleShortcuts() {
  const t = useTranslations('teller');
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const shortcut = SHORTCUTS.find((s) => `Digit${s.key}` === event.code);
      if (!shortcut) return;
      const area = document.querySelector(`[data-shortcut="${shortcut.target}"]`);
      const field = area?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button');
      if (!field) return;
      event.preventDefault();
      field.focus();
      area?.scrollIntoView({ block: 'nearest' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <details className="text-sm text-slate-700">
      <summary className="cursor-pointer">{t('shortcuts')}</summary>
      <ul className="mt-2 grid grid-cols-2 gap-1">
        {SHORTCUTS.map((s) => (
          <li key={s.key}>
            <kbd className="rounded border border-slate-300 bg-white px-1 font-mono">Alt+{s.key}</kbd> {t(`shortcutTargets.${s.target}`)}
          </li>
        ))}
      </ul>
    </details>
  );
}
