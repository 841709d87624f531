// Printed by the launcher; must match DEMO_STAFF and DEMO_PASSWORD in db/seed.ts (a unit test checks).
export const DEMO_LOGINS = {
  password: 'Demo-2468',
  usernames: ['teller', 'teller2', 'supervisor', 'supervisor2', 'qc', 'qc2', 'qc3', 'admin', 'admin2'],
};
