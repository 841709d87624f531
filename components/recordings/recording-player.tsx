'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';

export type PlayerMarker = { id: number; offset: number; label: string };

function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Plays a recording through the authorised route, with the session's timeline events as markers on its track: each
 * marker is a button that moves playback to that moment.
 */
export function RecordingPlayer({ id, kind, title, markers }: { id: string; kind: 'audio' | 'video'; title: string; markers: PlayerMarker[] }) {
  const t = useTranslations('recordings');
  const media = useRef<HTMLAudioElement & HTMLVideoElement>(null);
  const [duration, setDuration] = useState<number | null>(null);
  const [position, setPosition] = useState(0);
  const visible = duration === null ? markers : markers.filter((m) => m.offset <= duration);
  const seek = (offset: number) => {
    if (!media.current) return;
    media.current.currentTime = offset;
    void media.current.play().catch(() => {});
  };
  const common = {
    ref: media,
    src: `/api/recordings/${id}`,
    controls: true,
    preload: 'metadata',
    'aria-label': title,
    onLoadedMetadata: () => setDuration(Number.isFinite(media.current?.duration) ? media.current!.duration : null),
    onTimeUpdate: () => setPosition(media.current?.currentTime ?? 0),
    className: 'w-full',
  } as const;
  return (
    <figure className="space-y-2">
      {kind === 'video' ? <video {...common} /> : <audio {...common} />}
      {duration !== null && duration > 0 && (
        <div className="relative h-3 rounded bg-slate-200" aria-hidden="true">
          <div className="absolute inset-y-0 left-0 rounded bg-blue-200" style={{ width: `${Math.min(100, (position / duration) * 100)}%` }} />
          {visible.map((m) => (
            <span key={m.id} title={m.label} className="absolute top-0 h-3 w-1 -translate-x-1/2 rounded bg-brand-700" style={{ left: `${(m.offset / duration) * 100}%` }} />
          ))}
        </div>
      )}
      <figcaption className="text-sm">
        {visible.length === 0 ? (
          <span className="text-slate-600">{t('noMarkers')}</span>
        ) : (
          <ol aria-label={t('markersFor', { title })} className="flex flex-wrap gap-2">
            {visible.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  onClick={() => seek(m.offset)}
                  className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
                >
                  <span className="font-mono">{clock(m.offset)}</span> {m.label}
                </button>
              </li>
            ))}
          </ol>
        )}
      </figcaption>
    </figure>
  );
}
