-- Helpers for the load, in a schema of their own that the teardown drops: pgcrypto (HMAC for the blind indexes, in the
-- bench's throwaway database only), deterministic ids and the shape of the generated history as pure functions of a
-- row's ordinal, so that related rows (a session's customer, a case's session) are computed instead of joined.
-- {{...}} are filled in by bench/seed.ts with whole numbers and a timestamp.
CREATE SCHEMA bench_seed;
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA bench_seed;

-- A random-looking, reproducible UUID (version 4 layout, so the app's uuid validation accepts it) per kind and ordinal.
CREATE FUNCTION bench_seed.uid(kind text, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT overlay(overlay(md5(kind || n::text) placing '4' from 13) placing '8' from 17)::uuid
$$;

-- The Luhn check digit our account numbers carry (lib/accounts/luhn.ts), for the body 3101 and 12 digits of c: the
-- prefix's digits add 7, and from the rightmost digit of c every other digit is doubled (digit sums, 2d - 9 from 5 up).
CREATE FUNCTION bench_seed.luhn_term(d bigint, doubled boolean) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN doubled THEN 2 * d - CASE WHEN d >= 5 THEN 9 ELSE 0 END ELSE d END
$$;
CREATE FUNCTION bench_seed.account_number(c bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '3101' || lpad(c::text, 12, '0') || ((10 - (7
    + bench_seed.luhn_term(c % 10, true) + bench_seed.luhn_term(c / 10 % 10, false) + bench_seed.luhn_term(c / 100 % 10, true)
    + bench_seed.luhn_term(c / 1000 % 10, false) + bench_seed.luhn_term(c / 10000 % 10, true) + bench_seed.luhn_term(c / 100000 % 10, false)
    + bench_seed.luhn_term(c / 1000000 % 10, true) + bench_seed.luhn_term(c / 10000000 % 10, false) + bench_seed.luhn_term(c / 100000000 % 10, true)
    + bench_seed.luhn_term(c / 1000000000 % 10, false) + bench_seed.luhn_term(c / 10000000000 % 10, true) + bench_seed.luhn_term(c / 100000000000 % 10, false)
  ) % 10) % 10)::text
$$;

-- Customers exist before the session history starts; their risk level is fixed by their ordinal (5% high).
CREATE FUNCTION bench_seed.cust_created(c bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT timestamptz '{{anchor}}' - make_interval(days => {{historyDays}} + (c * 13 % 3650)::int, secs => (c * 7 % 86400)::double precision)
$$;
CREATE FUNCTION bench_seed.cust_risk(c bigint) RETURNS risk_level LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN c % 20 = 0 THEN 'high' WHEN c % 4 = 1 THEN 'medium' ELSE 'low' END)::risk_level
$$;

-- Session s: its customer (spread over all customers), its teller (round robin) and its start, the newest last.
CREATE FUNCTION bench_seed.sess_cust(s bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT 1 + (s * 48271) % {{customers}}
$$;
CREATE FUNCTION bench_seed.sess_start(s bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT timestamptz '{{anchor}}' - make_interval(secs => ({{sessions}} - s + 1) * ({{historyDays}} * 86400.0 / {{sessions}}) + 30)
$$;
CREATE FUNCTION bench_seed.sess_seconds(s bigint) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT (45 + (s * 13) % 840)::int
$$;

-- The generated staff by role, numbered from 0 (the demo accounts first), for round-robin assignment.
CREATE TABLE bench_seed.staff_ord (role staff_role NOT NULL, ord int NOT NULL, id uuid NOT NULL, PRIMARY KEY (role, ord));

-- Pools of real ciphertext (lib/crypto/pii.ts), reused by modulo: every sealed column holds a value the app can open.
CREATE TABLE bench_seed.pool (kind text NOT NULL, i int NOT NULL, sealed text NOT NULL, plain text, PRIMARY KEY (kind, i));
