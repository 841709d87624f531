'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';

/** A data route's answer other than 2xx. */
export class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

/** GETs one of the app's data routes (never from the browser's cache), throwing HttpError on a refusal or failure. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new HttpError(response.status);
  return response.json() as Promise<T>;
}

/**
 * A refusal (signed out, wrong role) is not retried: asking again changes nothing, and each refused request is audited.
 * Anything else (a network blip, a restart) is retried as React Query does by default, three times.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof HttpError && (error.status === 401 || error.status === 403)) return false;
  return failureCount < 3;
}

export function QueryProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: true, retry: shouldRetry } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
