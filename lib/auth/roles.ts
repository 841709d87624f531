export const ROLES = ['teller', 'supervisor', 'qc', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_HOME: Record<Role, string> = {
  teller: '/teller',
  supervisor: '/supervisor',
  qc: '/qc',
  admin: '/admin',
};
