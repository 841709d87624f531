import 'server-only';
import type { Logger } from 'pino';
import { logger } from './logger';

/**
 * Auth.js's logger (auth.ts `logger:`). A refused sign-in is expected and already audited: not logged. Anything else
 * is logged by class and type (and its cause's class) only: an Auth.js error's message or cause can quote what was
 * submitted. Auth.js calls these detached from the object, so they must not use `this`.
 */
export function createAuthLogger(parent: Logger = logger) {
  const log = parent.child({ action: 'auth' });
  return {
    error(error: Error) {
      const type = (error as { type?: unknown }).type;
      if (type === 'CredentialsSignin') return;
      const cause = (error as { cause?: { err?: unknown } }).cause?.err;
      log.error({ errorName: error.name, ...(typeof type === 'string' ? { errorType: type } : {}), ...(cause instanceof Error ? { causeName: cause.name } : {}) }, 'auth error');
    },
    warn(code: string) {
      log.warn({ warning: code }, 'auth warning');
    },
  };
}

export const authLogger = createAuthLogger();
