/** Shared by server and client components, so it lives outside any 'use client' module. */
export function buttonClass(variant: 'primary' | 'danger' | 'secondary' = 'primary'): string {
  const base = 'inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-medium shadow-sm disabled:opacity-60';
  if (variant === 'danger') return `${base} bg-red-700 text-white hover:bg-red-800`;
  if (variant === 'secondary') return `${base} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`;
  return `${base} bg-brand-600 text-white hover:bg-brand-700`;
}
