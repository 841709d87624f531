import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set. Start the console with `npm start` (it provides an embedded PostgreSQL) or set DATABASE_URL.');
  }
  return url;
}

function connect() {
  const client = postgres(databaseUrl(), { max: Number(process.env.DB_POOL_SIZE ?? 10), onnotice: () => {} });
  return { client, db: drizzle(client, { schema }) };
}

type Connection = ReturnType<typeof connect>;
// One pool per process, made on first use (so `next build` can load modules without a database) and kept on
// globalThis so dev-server reloads do not open a new pool each time.
const holder = globalThis as unknown as { airCounterDb?: Connection };
function connection(): Connection {
  holder.airCounterDb ??= connect();
  return holder.airCounterDb;
}

type Transaction = Parameters<Parameters<Connection['db']['transaction']>[0]>[0];
const scope = new AsyncLocalStorage<Transaction>();

/**
 * Runs `work` in one transaction that every `db` call inside it joins (a nested `db.transaction` becomes a
 * savepoint). The action wrapper uses it so a write and its audit row commit together or not at all.
 */
export function inTransactionScope<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  return connection().db.transaction((tx) => scope.run(tx, () => work(tx)));
}

export const db = new Proxy({} as Connection['db'], {
  get: (_target, prop) => {
    const real = scope.getStore() ?? connection().db;
    const value = Reflect.get(real, prop, real);
    return typeof value === 'function' ? value.bind(real) : value;
  },
});

export const sql = new Proxy((() => {}) as unknown as postgres.Sql, {
  apply: (_target, _this, args) => (connection().client as unknown as (...a: unknown[]) => unknown)(...args),
  get: (_target, prop) => {
    const real = connection().client;
    const value = Reflect.get(real, prop, real);
    return typeof value === 'function' ? value.bind(real) : value;
  },
});

export type Db = Connection['db'];
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
