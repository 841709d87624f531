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
  // Connections are opened on demand, so after a database restart the next query simply connects again. Two driver
  // defaults would make an outage worse than it is: its reconnect backoff (shared by the pool, growing with every
  // failed attempt to 10-20 s) holds each request that long before it is refused while the database is away, and as
  // long again after it is back; here it stays under 2 s. And a server that does not answer at all is given up on
  // after DB_CONNECT_TIMEOUT seconds (5, not 30), so a request fails while its person is still waiting.
  const client = postgres(databaseUrl(), {
    max: Number(process.env.DB_POOL_SIZE ?? 10),
    connect_timeout: Number(process.env.DB_CONNECT_TIMEOUT ?? 5),
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 2) * (0.5 + Math.random() / 2),
    onnotice: () => {},
  });
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

// The driver's own codes for a connection that could not be made or was lost.
const DRIVER_CODES = new Set(['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED']);
// The network's, when the driver met them on the database's socket.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATEs of a server going away or not ready: class 08 (connection exception), admin or crash shutdown, starting
// up or shutting down, too many connections.
const UNAVAILABLE_STATES = /^(08...|57P01|57P02|57P03|53300)$/;

/**
 * True when `err` (or what it wraps: drizzle puts the driver's error in `cause`) says the database could not be
 * reached — restarting, failing over, refusing connections — rather than refusing the statement. Such an error is
 * the same for every request and passes when the database is back; people are told so, not that something broke.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (DRIVER_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
    // A socket error counts only when the driver handed it to a statement (it attaches the statement as `query`): the
    // same codes from another service (object storage, mail) are not the database's. A connection that failed on
    // every address (IPv4 and IPv6) arrives as one AggregateError of the socket errors.
    if ('query' in e) {
      const codes = e instanceof AggregateError ? e.errors.map((inner) => (inner as { code?: unknown })?.code) : [code];
      if (codes.some((c) => typeof c === 'string' && SOCKET_CODES.has(c))) return true;
    }
  }
  return false;
}
