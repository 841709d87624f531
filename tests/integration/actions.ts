import * as adminActions from '@/app/(admin)/admin/actions';
import * as demoActions from '@/app/(demo)/demo/actions';
import * as qcActions from '@/app/(qc)/qc/actions';
import * as supervisorActions from '@/app/(supervisor)/supervisor/actions';
import * as tellerActions from '@/app/(teller)/teller/actions';
import type { RoleAction } from '@/lib/actions/role-action';
import type { ActionName } from '@/lib/auth/permissions';

export type AnyAction = RoleAction<unknown>;

export const ACTION_MODULES = { tellerActions, supervisorActions, qcActions, adminActions, demoActions };

/** Exported functions of the action modules that did not go through roleAction: each would be an unguarded endpoint. */
export function unwrappedExports(): string[] {
  return Object.entries(ACTION_MODULES).flatMap(([mod, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => typeof value === 'function' && typeof (value as Partial<AnyAction>).actionName !== 'string')
      .map(([exportName]) => `${mod}.${exportName}`),
  );
}

/** Every server action the role route groups export, found by the `actionName` the wrapper stamps on it. */
export function collectActions(): Map<string, AnyAction> {
  const found = new Map<string, AnyAction>();
  for (const exports of Object.values(ACTION_MODULES)) {
    for (const [exportName, value] of Object.entries(exports)) {
      const name = (value as Partial<AnyAction>)?.actionName;
      if (typeof value !== 'function' || typeof name !== 'string') continue;
      if (found.has(name)) throw new Error(`two exports use the action name ${name} (${exportName})`);
      found.set(name, value as AnyAction);
    }
  }
  return found;
}

export function action(name: ActionName): AnyAction {
  const found = collectActions().get(name);
  if (!found) throw new Error(`no action named ${name}`);
  return found;
}
