import 'server-only';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { installJobQueue } from './boss';

/** Applies the committed migrations in db/migrations, then installs the job queue's schema. */
export async function runMigrations(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder: path.resolve(process.cwd(), 'db/migrations') });
  } finally {
    await client.end();
  }
  await installJobQueue(url);
}
