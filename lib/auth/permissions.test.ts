import { describe, expect, it } from 'vitest';
import { actions, mayUseAction, mayUseScreen, screens, type ActionName } from './permissions';
import { ROLE_HOME, ROLES, type Role } from './roles';

const actionNames = Object.keys(actions) as ActionName[];

describe('the permission map', () => {
  it('names only known roles', () => {
    for (const allowed of [...Object.values(actions), ...Object.values(screens)]) {
      for (const role of allowed) expect(ROLES).toContain(role);
    }
  });

  it('gives every action at least one role, without duplicates', () => {
    for (const name of actionNames) {
      const allowed = actions[name] as readonly Role[];
      expect(allowed.length, name).toBeGreaterThan(0);
      expect(new Set(allowed).size, name).toBe(allowed.length);
    }
  });

  it('gives every role a home screen it may open', () => {
    for (const role of ROLES) {
      const home = ROLE_HOME[role] as keyof typeof screens;
      expect(Object.keys(screens)).toContain(home);
      expect(mayUseScreen(role, home)).toBe(true);
    }
  });

  it('lets each screen be opened by its role only', () => {
    for (const role of ROLES) {
      const open = (Object.keys(screens) as (keyof typeof screens)[]).filter((s) => mayUseScreen(role, s));
      // Every role has its own home; the demo phone (absent in production) is the one screen all may open, and the
      // customer screen is shared by the roles that serve customers, the published checklists by the business roles,
      // the scorecards by QC (who write them) and supervisors (who may publish them). Screens under a role's home
      // belong to that role.
      const shared = (s: string) => s === '/demo/phone' || s === '/customers' || s === '/checklists' || s === '/scorecards' || s === '/quality' || s === '/kb' || s === '/notices' || s === '/complaints' || s === '/complaints/policy' || s === '/appraisal' || s === '/account/security';
      expect(open.filter((s) => !shared(s) && !s.startsWith(`${ROLE_HOME[role]}/`))).toEqual([ROLE_HOME[role]]);
      expect(open.every((s) => shared(s) || s === ROLE_HOME[role] || s.startsWith(`${ROLE_HOME[role]}/`))).toBe(true);
    }
    expect(ROLES.filter((r) => mayUseScreen(r, '/customers'))).toEqual(['teller', 'supervisor']);
    expect(ROLES.filter((r) => mayUseScreen(r, '/checklists'))).toEqual(['teller', 'supervisor', 'qc']);
    expect(ROLES.filter((r) => mayUseScreen(r, '/scorecards'))).toEqual(['supervisor', 'qc']);
    expect(ROLES.filter((r) => mayUseScreen(r, '/kb'))).toEqual(['teller', 'supervisor', 'qc']);
    expect(ROLES.filter((r) => mayUseScreen(r, '/notices'))).toEqual([...ROLES]);
    expect(ROLES.filter((r) => mayUseScreen(r, '/complaints'))).toEqual(['teller', 'supervisor']);
    expect(ROLES.filter((r) => mayUseScreen(r, '/complaints/policy'))).toEqual(['supervisor']);
    expect(ROLES.filter((r) => mayUseScreen(r, '/appraisal'))).toEqual(['teller', 'supervisor']);
  });

  it('keeps the admin out of every business action', () => {
    const adminActions = actionNames.filter((n) => mayUseAction('admin', n));
    expect(adminActions.length).toBeGreaterThan(0);
    // Staff administration, operations, configuration (the working calendar included, and deciding another
    // administrator's proposal of it) and records retention; the demo phone's keypad plays the customer, not the bank.
    const adminWork = (n: string) => n.startsWith('staff.') || n === 'outbox.retry' || n === 'ladderPolicy.publish' || n === 'demo.keypad' || n.startsWith('document.purge') || n === 'notice.markRead' || n.startsWith('calendar.') || n === 'config.decide' || n.startsWith('account.');
    for (const name of adminActions) expect(adminWork(name), name).toBe(true);
  });

  it('keeps staff administration to the admin', () => {
    for (const name of actionNames.filter((n) => n.startsWith('staff.'))) {
      expect(actions[name]).toEqual(['admin']);
    }
  });

  it('separates the maker, checker and inspector roles', () => {
    expect(actions['changeRequest.create']).toEqual(['teller']);
    expect(actions['changeRequest.decide']).toEqual(['supervisor']);
    expect(actions['inspection.submit']).toEqual(['qc']);
  });

  it('answers mayUseAction from the map for every role and action', () => {
    for (const name of actionNames) {
      for (const role of ROLES) expect(mayUseAction(role, name)).toBe((actions[name] as readonly Role[]).includes(role));
    }
  });
});
