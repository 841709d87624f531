'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button-class';

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3, 4] as const;
/** The zoom a viewing starts at: the image fitted to the box. */
const FITTED = 2;

export type ViewedImage = { id: string; kindName: string };
export type ComparedCustomer = { name: string; idNumberMasked: string; documentTypeName: string | null };

/**
 * A document image in a modal dialog (the page behind is inert, Escape closes it, focus returns to the thumbnail),
 * zoomed and rotated in place, beside the customer's details on record to compare with (masked: never the full ID
 * number). The stage is sized to the turned, zoomed image so every part of it can be scrolled to.
 */
export function ImageViewer({ image, customer, onClose }: { image: ViewedImage | null; customer: ComparedCustomer; onClose: () => void }) {
  const t = useTranslations('documents.viewer');
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState(FITTED);
  const [turns, setTurns] = useState(0);
  const [natural, setNatural] = useState<{ w: number; h: number; boxW: number; boxH: number } | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (image && !d.open) d.showModal();
    if (!image && d.open) d.close();
  }, [image]);

  const reset = () => {
    setZoom(FITTED);
    setTurns(0);
  };

  const sideways = turns % 2 === 1;
  // Fitted to the viewing box at 100%, whichever way it is turned; never enlarged beyond its own pixels to fit.
  const fit = natural ? Math.min(1, natural.boxW / (sideways ? natural.h : natural.w), natural.boxH / (sideways ? natural.w : natural.h)) : 1;
  const scale = fit * ZOOMS[zoom]!;
  const w = natural ? natural.w * scale : undefined;
  const h = natural ? natural.h * scale : undefined;

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onClose={() => {
        reset();
        setNatural(null);
        onClose();
      }}
      className="m-auto w-[min(72rem,95vw)] max-h-[95vh] rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/60"
    >
      {image && (
        <div className="flex max-h-[95vh] flex-col">
          <div className="flex items-center gap-3 border-b border-slate-200 px-5 py-3">
            <h2 id={titleId} className="text-lg font-semibold">
              {t('title', { kind: image.kindName })}
            </h2>
            <button type="button" autoFocus className={`${buttonClass('secondary')} ml-auto`} onClick={() => dialog.current?.close()}>
              {t('close')}
            </button>
          </div>
          <div className="grid min-h-0 gap-4 p-5 md:grid-cols-[1fr_16rem]">
            <div className="min-w-0 space-y-2">
              <div role="toolbar" aria-label={t('tools')} className="flex flex-wrap items-center gap-2">
                <button type="button" className={buttonClass('secondary')} disabled={zoom === ZOOMS.length - 1} onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))}>
                  {t('zoomIn')}
                </button>
                <button type="button" className={buttonClass('secondary')} disabled={zoom === 0} onClick={() => setZoom((z) => Math.max(0, z - 1))}>
                  {t('zoomOut')}
                </button>
                <button type="button" className={buttonClass('secondary')} onClick={() => setTurns((r) => (r + 1) % 4)}>
                  {t('rotate')}
                </button>
                <button type="button" className={buttonClass('secondary')} onClick={reset}>
                  {t('reset')}
                </button>
                <p aria-live="polite" className="text-sm text-slate-700">
                  {t('zoomLevel', { percent: Math.round(ZOOMS[zoom]! * 100), degrees: turns * 90 })}
                </p>
              </div>
              <div ref={box} tabIndex={0} role="region" aria-label={t('stage')} className="flex h-[60vh] items-center-safe justify-center-safe overflow-auto rounded-md bg-slate-100">
                <div className="relative shrink-0" style={natural ? { width: sideways ? h : w, height: sideways ? w : h } : undefined}>
                  {/* The authorised, no-store document route: not for next/image's optimiser, which would fetch it without the viewer's session. */}
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img
                    src={`/api/documents/${image.id}`}
                    alt={t('imageAlt', { kind: image.kindName })}
                    onLoad={(e) => {
                      const img = e.currentTarget;
                      setNatural({ w: img.naturalWidth, h: img.naturalHeight, boxW: (box.current?.clientWidth ?? 800) - 16, boxH: (box.current?.clientHeight ?? 600) - 16 });
                    }}
                    className={natural ? 'absolute top-1/2 left-1/2 max-w-none transition-transform' : 'max-h-full max-w-full'}
                    style={natural ? { width: w, height: h, transform: `translate(-50%, -50%) rotate(${turns * 90}deg)` } : undefined}
                  />
                </div>
              </div>
            </div>
            <div className="self-start rounded-md border border-slate-200 p-3 text-sm">
              <h3 className="mb-2 font-semibold">{t('compare')}</h3>
              <dl className="space-y-2">
                <div>
                  <dt className="text-slate-600">{t('name')}</dt>
                  <dd className="text-base font-medium">{customer.name}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">{t('idNumber')}</dt>
                  <dd>
                    {customer.documentTypeName && <span className="block text-slate-700">{customer.documentTypeName}</span>}
                    <span className="font-mono">{customer.idNumberMasked}</span>
                  </dd>
                </div>
              </dl>
            </div>
          </div>
        </div>
      )}
    </dialog>
  );
}
