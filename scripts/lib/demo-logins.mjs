// Printed by the launcher; must match DEMO_STAFF and DEMO_PASSWORD in db/seed.ts (a unit test checks).
export const DEMO_LOGINS = {
  password: 'Demo-2468',
  usernames: ['teller', 'teller2', 'supervisor', 'supervisor2', 'qc', 'qc2', 'qc3', 'admin', 'admin2'],
  // Supervisors and admins must use an authenticator: the demo's share this published key (db/seed.ts DEMO_TOTP_SECRET).
  totpSecret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
  totpUsers: ['supervisor', 'supervisor2', 'admin', 'admin2'],
};
