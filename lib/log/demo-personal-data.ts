import 'server-only';
import { DEMO_CUSTOMERS, DEMO_ENTERPRISE } from '@/db/seed';
import type { KnownValue } from './log-check';

/** The demo customers' personal data exactly as the seed stores it: what the end-to-end run's logs must never show. */
export function demoPersonalData(): KnownValue[] {
  return [
    ...DEMO_CUSTOMERS.flatMap((c) => [
      { kind: 'demo customer name', value: c.name },
      { kind: 'demo customer ID number', value: c.idNumber },
      { kind: 'demo customer mobile', value: c.mobile },
      { kind: 'demo customer address', value: c.address },
    ]),
    { kind: 'demo customer mobile', value: DEMO_ENTERPRISE.mobile },
  ];
}
