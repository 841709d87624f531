'use client';

import { useState } from 'react';

/**
 * The idempotency key of a business form: made when the form opens and renewed after each success, so a double click,
 * a retry or a second tab submit one case, and the next submission is a new one.
 */
export function useSubmissionKey() {
  const [key, setKey] = useState(() => crypto.randomUUID());
  return [key, () => setKey(crypto.randomUUID())] as const;
}
