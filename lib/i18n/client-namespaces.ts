/**
 * The catalogue namespaces the browser needs: those client components name in useTranslations, those whose keys a
 * client translator reads in full (ActionForm, the announcer, the step-up prompt, the uploads), and those of the
 * messages and field errors server actions and the upload routes return. The root layout hands only these to
 * NextIntlClientProvider, so a page's flight data does not carry the whole catalogue (server components read it all
 * from i18n/request.ts). lib/client-imports.test.ts derives the list from the code and fails when this one differs.
 */
export const CLIENT_NAMESPACES = [
  'account',
  'admin',
  'appraisal',
  'approvals',
  'board',
  'calendar',
  'calibration',
  'cards',
  'cases',
  'complaints',
  'config',
  'customer360',
  'customerWords',
  'deliveries',
  'demo',
  'documents',
  'errorPage',
  'errors',
  'kb',
  'ladder',
  'language',
  'live',
  'login',
  'policy',
  'qc',
  'qcPlans',
  'quality',
  'recordings',
  'retention',
  'roles',
  'scorecards',
  'shell',
  'staffNotices',
  'stepUp',
  'teller',
] as const;

/** The client's part of a locale's catalogue. */
export function clientMessages<T>(messages: Record<string, T>): Record<string, T> {
  return Object.fromEntries(CLIENT_NAMESPACES.filter((ns) => Object.hasOwn(messages, ns)).map((ns) => [ns, messages[ns]!]));
}
