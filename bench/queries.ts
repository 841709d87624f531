// The screens the bench measures: the URL loaded under load, the role that loads it, and the data-access calls its
// page makes (the very functions the page imports, called with the seeded fixtures). bench/explain.ts captures the SQL
// those calls send (postgres.js' debug hook) to EXPLAIN it, and bench/load.ts replays it as the database floor.
import type { CurrentUser } from '@/lib/auth/current-user';
import type { Role } from '@/lib/auth/roles';

/** The seeded rows the screens are loaded with (bench/fixtures.ts finds them after the seed). */
export type Fixtures = {
  users: Record<'teller' | 'supervisor' | 'qc' | 'admin', CurrentUser>;
  openSessionId: string;
  consoleCustomerId: string;
  pendingCaseId: string;
  /** The pending case's customer, session and creation time (to the microsecond), as the decision screen reads them. */
  pendingCase: { customerId: string; sessionId: string; createdAtExact: string };
  queueCursor: { slaDueAt: string; id: string } | null;
  inspectSessionId: string;
  /** name: two characters (a prefix); name3: three (anywhere in a name, by trigram); surname: one (many pages). */
  search: { name: string; name3: string; surname: string; idNumber: string; mobile: string; last4: string };
  auditBeforeSeq: number;
  month: string;
};

/**
 * list and search: one page of a list or a search, held to the bench's budget (no sequential scan of a table over
 * 10,000 rows, at most 1,000 buffers). lookup: one object by key. aggregate: figures over a period (the board and the
 * reports), held to the no-sequential-scan rule; their buffers are reported. write: a row a page view writes (the
 * audit of a view, the sign-in's activity), replayed in the database floor but not explained.
 */
export type QueryKind = 'list' | 'search' | 'lookup' | 'aggregate' | 'write';
/** `variant`: another form of the screen's query (a later page, another filter), explained but not part of the loaded request. */
export type ScreenQuery = { name: string; source: string; kind: QueryKind; run: (f: Fixtures) => Promise<unknown>; variant?: boolean };
export type Screen = { key: string; title: string; role: Role; path: (f: Fixtures) => string; queries: ScreenQuery[]; action?: 'customer.search' };

const q = (name: string, source: string, kind: QueryKind, run: ScreenQuery['run']): ScreenQuery => ({ name, source, kind, run });
const variant = (query: ScreenQuery): ScreenQuery => ({ ...query, variant: true });

/** What every signed-in page does first: the sign-in check (lib/auth/current-user.ts) and the header's notice count. */
function shell(role: 'teller' | 'supervisor' | 'qc' | 'admin'): ScreenQuery[] {
  return [
    q('sign-in check', 'db/queries/staff-sessions.ts getStaffSession', 'lookup', async (f) => (await import('@/db/queries/staff-sessions')).getStaffSession(f.users[role].sessionId)),
    q('sign-in activity', 'db/queries/staff-sessions.ts touchStaffSession', 'write', async (f) => (await import('@/db/queries/staff-sessions')).touchStaffSession(f.users[role].sessionId)),
    q('notice count', 'lib/notifications/staff.ts unreadCount', 'lookup', async (f) => (await import('@/lib/notifications/staff')).unreadCount(f.users[role].id)),
  ];
}

export const SCREENS: Screen[] = [
  {
    key: 'floor',
    title: 'Trivial authenticated page (/notices)',
    role: 'teller',
    path: () => '/notices',
    queries: [...shell('teller'), q('own notices', 'lib/notifications/staff.ts listNotices', 'list', async (f) => (await import('@/lib/notifications/staff')).listNotices(f.users.teller.id))],
  },
  {
    key: 'workbench',
    title: 'Teller workbench (/teller)',
    role: 'teller',
    path: () => '/teller',
    queries: [
      ...shell('teller'),
      q("teller's sessions", 'db/queries/service-sessions.ts listTellerSessions', 'list', async (f) => (await import('@/db/queries/service-sessions')).listTellerSessions(f.users.teller.id)),
      q("teller's scores", 'db/queries/inspections.ts listTellerScores', 'list', async (f) => (await import('@/db/queries/inspections')).listTellerScores(f.users.teller.id)),
      q('overdue supplements (own)', 'lib/documents/service.ts listOverdueSupplements', 'list', async (f) => (await import('@/lib/documents/service')).listOverdueSupplements(f.users.teller.id)),
    ],
  },
  {
    key: 'search',
    title: 'Customer search (server action customer.search)',
    role: 'teller',
    path: (f) => `/teller/sessions/${f.openSessionId}`,
    action: 'customer.search',
    queries: [
      ...shell('teller'),
      q('open session of the teller', 'db/queries/service-sessions.ts isOpenTellerSession', 'lookup', async (f) => (await import('@/db/queries/service-sessions')).isOpenTellerSession(f.openSessionId, f.users.teller.id)),
      q('search by name', 'db/queries/customers.ts searchCustomers', 'search', async (f) => (await import('@/db/queries/customers')).searchCustomers(f.search.name)),
      variant(q('search by name, three characters (anywhere in the name)', 'db/queries/customers.ts searchCustomers', 'search', async (f) => (await import('@/db/queries/customers')).searchCustomers(f.search.name3))),
      variant(q('search by name, next page', 'db/queries/customers.ts searchCustomers (keyset)', 'search', async (f) => {
        const { searchCustomers } = await import('@/db/queries/customers');
        const first = await searchCustomers(f.search.surname);
        const last = first.results.at(-1);
        return last ? searchCustomers(f.search.surname, { name: last.name, id: last.id }) : first;
      })),
      variant(q('search by ID number', 'db/queries/customers.ts searchCustomers', 'search', async (f) => (await import('@/db/queries/customers')).searchCustomers(f.search.idNumber))),
      variant(q('search by mobile', 'db/queries/customers.ts searchCustomers', 'search', async (f) => (await import('@/db/queries/customers')).searchCustomers(f.search.mobile))),
      variant(q('search by ID last 4', 'db/queries/customers.ts searchCustomers', 'search', async (f) => (await import('@/db/queries/customers')).searchCustomers(f.search.last4))),
      q('search audit row', 'db/queries/audit.ts appendAudit', 'write', async (f) =>
        (await import('@/db/queries/audit')).appendAudit({ actorId: f.users.teller.id, actorRole: 'teller', action: 'customer.search', outcome: 'ok', entityType: 'service_session', entityId: f.openSessionId, details: { found: 20, page: 'first' } })),
    ],
  },
  {
    key: 'customer360',
    title: 'Customer 360 (/customers/[id])',
    role: 'supervisor',
    path: (f) => `/customers/${f.consoleCustomerId}`,
    queries: [
      ...shell('supervisor'),
      q('customer, visible to the reader', 'db/queries/customer-overview.ts getCustomerOverviewFor', 'lookup', async (f) => (await import('@/db/queries/customer-overview')).getCustomerOverviewFor(f.consoleCustomerId, f.users.supervisor)),
      q('view audit row', 'db/queries/audit.ts appendAudit (auditView)', 'write', async (f) =>
        (await import('@/db/queries/audit')).appendAudit({ actorId: f.users.supervisor.id, actorRole: 'supervisor', action: 'screen.view', outcome: 'ok', entityType: 'customer', entityId: f.consoleCustomerId })),
      q("customer's sessions, requests, assessments, changes and cases", 'db/queries/customer-overview.ts getCustomerHistory', 'list', async (f) => (await import('@/db/queries/customer-overview')).getCustomerHistory(f.consoleCustomerId)),
    ],
  },
  {
    key: 'console',
    title: 'Session console (/teller/sessions/[id])',
    role: 'teller',
    path: (f) => `/teller/sessions/${f.openSessionId}`,
    queries: [
      ...shell('teller'),
      // handledSessionOrNotFound (lib/sessions/handled-session.ts) reads it with getConsoleSession.
      q("the teller's session, its prompts and transfer targets", 'db/queries/service-sessions.ts getConsoleSession', 'lookup', async (f) => (await import('@/db/queries/service-sessions')).getConsoleSession(f.openSessionId, f.users.teller.id)),
      q('timeline', 'db/queries/service-sessions.ts getSessionTimeline', 'list', async (f) => (await import('@/db/queries/service-sessions')).getSessionTimeline(f.openSessionId)),
      q("session's cases", 'db/queries/cases.ts listSessionCases', 'list', async (f) => (await import('@/db/queries/cases')).listSessionCases(f.openSessionId)),
      q('customer, accounts, cards, lock, freeze, steps and ladder', 'db/queries/customer-overview.ts getConsoleCustomer', 'lookup', async (f) => (await import('@/db/queries/customer-overview')).getConsoleCustomer(f.openSessionId, f.consoleCustomerId)),
      // RecordingsPanel (components/recordings/recordings-panel.tsx) reads the session's recordings itself.
      q('recordings', 'db/queries/recordings.ts listSessionRecordings', 'list', async (f) => (await import('@/db/queries/recordings')).listSessionRecordings(f.openSessionId)),
    ],
  },
  {
    key: 'queue',
    title: 'Approval queue (/supervisor)',
    role: 'supervisor',
    path: () => '/supervisor',
    queries: [
      ...shell('supervisor'),
      q('pending requests', 'db/queries/change-requests.ts listPendingRequests', 'list', async (f) => (await import('@/db/queries/change-requests')).listPendingRequests(f.users.supervisor.id)),
      q('case queue, first page', 'db/queries/cases.ts listPendingCases', 'list', async (f) => (await import('@/db/queries/cases')).listPendingCases(f.users.supervisor.id)),
      q('verification exceptions', 'db/queries/verification-locks.ts listOpenLocks', 'list', async () => (await import('@/db/queries/verification-locks')).listOpenLocks()),
      q('live freezes', 'db/queries/customer-freezes.ts listLiveFreezes', 'list', async () => (await import('@/db/queries/customer-freezes')).listLiveFreezes()),
      q('escalated contacts', 'db/queries/service-sessions.ts listTellerSessions', 'list', async (f) => (await import('@/db/queries/service-sessions')).listTellerSessions(f.users.supervisor.id)),
      q('overdue supplements (all)', 'lib/documents/service.ts listOverdueSupplements', 'list', async () => (await import('@/lib/documents/service')).listOverdueSupplements()),
    ],
  },
  {
    key: 'queue-next',
    title: 'Approval queue, next page (/api/cases/queue)',
    role: 'supervisor',
    path: (f) => `/api/cases/queue${f.queueCursor ? `?after=${encodeURIComponent(`${f.queueCursor.slaDueAt}|${f.queueCursor.id}`)}` : ''}`,
    queries: [
      ...shell('supervisor').slice(0, 2),
      q('case queue, next page', 'db/queries/cases.ts listPendingCases (keyset)', 'list', async (f) => (await import('@/db/queries/cases')).listPendingCases(f.users.supervisor.id, { after: f.queueCursor ?? undefined })),
    ],
  },
  {
    key: 'decision',
    title: 'Approval decision screen (/supervisor/cases/[id])',
    role: 'supervisor',
    path: (f) => `/supervisor/cases/${f.pendingCaseId}`,
    queries: [
      ...shell('supervisor'),
      q('case for review (with its decisions, timeline, policy version and the customer\'s recent cases)', 'db/queries/cases.ts getCaseForReview', 'lookup', async (f) => (await import('@/db/queries/cases')).getCaseForReview(f.pendingCaseId)),
      q('steps at submission', 'db/queries/otp.ts latestStepResults', 'list', async (f) =>
        (await import('@/db/queries/otp')).latestStepResults(f.pendingCase.sessionId, f.pendingCase.customerId, undefined, f.pendingCase.createdAtExact)),
      q("case's documents", 'lib/documents/service.ts listCaseDocuments', 'list', async (f) => (await import('@/lib/documents/service')).listCaseDocuments(f.pendingCaseId)),
    ],
  },
  {
    key: 'qc',
    title: 'QC queue (/qc)',
    role: 'qc',
    path: () => '/qc',
    queries: [
      ...shell('qc'),
      // Each list a page of 50 and one row more (whether "more" follows), as the page asks.
      q('my assignments', 'lib/qc/plans.ts listMyAssignments', 'list', async (f) => {
        const { ASSIGNMENTS_PAGE, listMyAssignments } = await import('@/lib/qc/plans');
        return listMyAssignments(f.users.qc.id, { limit: ASSIGNMENTS_PAGE + 1 });
      }),
      q('sessions to inspect', 'db/queries/inspections.ts listSessionsToInspect', 'list', async (f) => {
        const { SESSIONS_TO_INSPECT_PAGE, listSessionsToInspect } = await import('@/db/queries/inspections');
        return listSessionsToInspect(f.users.qc.id, { limit: SESSIONS_TO_INSPECT_PAGE + 1 });
      }),
      // The next page starts after the first page's last row (the first page's statement is explained again with it).
      variant(
        q('my assignments, next page', 'lib/qc/plans.ts listMyAssignments (keyset)', 'list', async (f) => {
          const { ASSIGNMENTS_PAGE, listMyAssignments } = await import('@/lib/qc/plans');
          const first = await listMyAssignments(f.users.qc.id, { limit: ASSIGNMENTS_PAGE });
          return listMyAssignments(f.users.qc.id, { after: first.at(-1)?.cursor, limit: ASSIGNMENTS_PAGE + 1 });
        }),
      ),
      variant(
        q('sessions to inspect, next page', 'db/queries/inspections.ts listSessionsToInspect (keyset)', 'list', async (f) => {
          const { SESSIONS_TO_INSPECT_PAGE, listSessionsToInspect } = await import('@/db/queries/inspections');
          const first = await listSessionsToInspect(f.users.qc.id, { limit: SESSIONS_TO_INSPECT_PAGE });
          return listSessionsToInspect(f.users.qc.id, { after: first.at(-1)?.cursor, limit: SESSIONS_TO_INSPECT_PAGE + 1 });
        }),
      ),
    ],
  },
  {
    key: 'inspection',
    title: 'Inspection workspace (/qc/sessions/[id])',
    role: 'qc',
    path: (f) => `/qc/sessions/${f.inspectSessionId}`,
    queries: [
      ...shell('qc'),
      q('session, inspection, part taken, assignee, calibration and answers from the record', 'lib/qc/inspection.ts inspectionView', 'lookup', async (f) => (await import('@/lib/qc/inspection')).inspectionView(f.inspectSessionId, f.users.qc.id)),
      q('timeline', 'db/queries/service-sessions.ts getSessionTimeline', 'list', async (f) => (await import('@/db/queries/service-sessions')).getSessionTimeline(f.inspectSessionId)),
      q("session's cases", 'db/queries/cases.ts listSessionCases', 'list', async (f) => (await import('@/db/queries/cases')).listSessionCases(f.inspectSessionId)),
      // Without a draft the workspace picks from the current scorecards (one statement; a draft reads its own version).
      q('scorecard', 'lib/qc/inspection.ts workspaceScorecard', 'lookup', async () => (await import('@/lib/qc/inspection')).workspaceScorecard(undefined, 'phone', Promise.resolve([]))),
      q('recordings', 'db/queries/recordings.ts listSessionRecordings', 'list', async (f) => (await import('@/db/queries/recordings')).listSessionRecordings(f.inspectSessionId)),
    ],
  },
  {
    key: 'complaints',
    title: 'Complaint list (/complaints)',
    role: 'supervisor',
    path: () => '/complaints',
    queries: [
      ...shell('supervisor'),
      // A page of 50 and one row more (whether "more" follows), as the page asks.
      q('open complaints (supervisor)', 'lib/complaints/lists.ts listComplaints', 'list', async (f) => {
        const { COMPLAINTS_PAGE, listComplaints } = await import('@/lib/complaints/lists');
        return listComplaints(f.users.supervisor, {}, { limit: COMPLAINTS_PAGE + 1 });
      }),
      // The next page starts after the first page's last row (the first page's statement is explained again with it).
      // The small history's open complaints fill less than a page: there the cursor is a row a third of the way in, in
      // the worked-on group, whose next page reads the rest of that group and the other one (two ranges of the index).
      variant(
        q('open complaints, next page', 'lib/complaints/lists.ts listComplaints (keyset)', 'list', async (f) => {
          const { COMPLAINTS_PAGE, listComplaints } = await import('@/lib/complaints/lists');
          const first = await listComplaints(f.users.supervisor, {}, { limit: COMPLAINTS_PAGE });
          const last = first.length === COMPLAINTS_PAGE ? first.at(-1) : first[Math.floor(first.length / 3)];
          return listComplaints(f.users.supervisor, {}, { after: last?.cursor, limit: COMPLAINTS_PAGE + 1 });
        }),
      ),
      variant(
        q('overdue complaints', 'lib/complaints/lists.ts listComplaints (due=overdue)', 'list', async (f) => {
          const { COMPLAINTS_PAGE, listComplaints } = await import('@/lib/complaints/lists');
          return listComplaints(f.users.supervisor, { due: 'overdue' }, { limit: COMPLAINTS_PAGE + 1 });
        }),
      ),
      variant(
        q("a teller's complaints", 'lib/complaints/lists.ts listComplaints (teller)', 'list', async (f) => {
          const { COMPLAINTS_PAGE, listComplaints } = await import('@/lib/complaints/lists');
          return listComplaints(f.users.teller, {}, { limit: COMPLAINTS_PAGE + 1 });
        }),
      ),
      variant(
        q("a teller's complaints, next page", 'lib/complaints/lists.ts listComplaints (teller, keyset)', 'list', async (f) => {
          const { COMPLAINTS_PAGE, listComplaints } = await import('@/lib/complaints/lists');
          const first = await listComplaints(f.users.teller, {}, { limit: COMPLAINTS_PAGE });
          return listComplaints(f.users.teller, {}, { after: first.at(-1)?.cursor, limit: COMPLAINTS_PAGE + 1 });
        }),
      ),
      q('working calendar', 'lib/calendar/store.ts loadCalendar', 'lookup', async () => (await import('@/lib/calendar/store')).loadCalendar()),
    ],
  },
  {
    key: 'board',
    title: 'Operations board (/supervisor/board)',
    role: 'supervisor',
    path: () => '/supervisor/board',
    queries: [
      ...shell('supervisor'),
      q('live tiles', 'lib/board/tiles.ts boardTiles', 'aggregate', async () => (await import('@/lib/board/tiles')).boardTiles()),
      q('charts, last 7 days', 'lib/board/charts.ts boardCharts', 'aggregate', async () => {
        const { parsePeriod } = await import('@/lib/board/period');
        const { today } = await import('@/lib/board/tiles');
        return (await import('@/lib/board/charts')).boardCharts(parsePeriod(undefined, undefined, today().date));
      }),
    ],
  },
  {
    key: 'audit',
    title: 'Audit trail (/admin/audit)',
    role: 'admin',
    path: () => '/admin/audit',
    queries: [
      ...shell('admin'),
      q('audit, newest page', 'db/queries/audit.ts listAuditEvents', 'list', async () => (await import('@/db/queries/audit')).listAuditEvents({ limit: 50 })),
      variant(q('audit, an older page', 'db/queries/audit.ts listAuditEvents (beforeSeq)', 'list', async (f) => (await import('@/db/queries/audit')).listAuditEvents({ limit: 50, beforeSeq: f.auditBeforeSeq }))),
    ],
  },
];

/** Lists of the quality screens not under load (the brief's QC lists and reports), explained only. */
export const EXPLAIN_ONLY: ScreenQuery[] = [
  q("a teller's inspections", 'lib/qc/feedback.ts listTellerInspections', 'list', async (f) => (await import('@/lib/qc/feedback')).listTellerInspections(f.users.teller.id)),
  q('open disputes', 'lib/qc/feedback.ts listOpenDisputes', 'list', async () => (await import('@/lib/qc/feedback')).listOpenDisputes()),
  q("a teller's rectifications", 'lib/qc/feedback.ts listRectifications', 'list', async (f) => (await import('@/lib/qc/feedback')).listRectifications({ tellerId: f.users.teller.id })),
  q('overdue rectifications', 'lib/qc/feedback.ts listRectifications (overdue)', 'list', async () => (await import('@/lib/qc/feedback')).listRectifications({ overdue: true })),
  q('quality by teller, a month', 'lib/qc/reports.ts qualityByTeller', 'aggregate', async (f) => (await import('@/lib/qc/reports')).qualityByTeller(f.month)),
  q('items failed most, a month', 'lib/qc/reports.ts mostFailedItems', 'aggregate', async (f) => (await import('@/lib/qc/reports')).mostFailedItems(f.month)),
  q('six-month trend', 'lib/qc/reports.ts qualityTrend', 'aggregate', async (f) => (await import('@/lib/qc/reports')).qualityTrend(f.month)),
  q('customers due for review', 'db/queries/customer-360.ts listDocumentsDue', 'list', async () => (await import('@/db/queries/customer-360')).listDocumentsDue(30)),
];
