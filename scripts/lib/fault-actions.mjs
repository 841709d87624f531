// Server-action requests replayed over plain HTTP: a request captured from a real form (scripts/lib/fault-browser.mjs)
// sent again with other field values, and a burst of such requests with the app killed in the middle of it.

/** A field's name as the form named it: React's reply encoding prefixes FormData fields with `_<ref>_`. */
const fieldName = (key) => key.replace(/^_\d+_/, '');

/**
 * Sends `action` (a captured request) again with `values` in place of its fields' values (a field the form did not
 * send is added), and `swap` = [from, to] replaced in the URL and router state (the page the form was on). Answers
 * { status, ok, message, id } from the action's result, or { status: 0, error } when no answer came.
 */
export async function sendAction(action, values = {}, { swap, origin, timeoutMs = 30_000 } = {}) {
  const form = new FormData();
  const prefix = action.fields.find(([k]) => /^_\d+_/.test(k))?.[0].match(/^_\d+_/)[0] ?? '';
  const seen = new Set();
  for (const [key, value] of action.fields) {
    const name = fieldName(key);
    seen.add(name);
    form.append(key, key !== name && name in values ? String(values[name]) : value);
  }
  for (const [name, value] of Object.entries(values)) if (!seen.has(name)) form.append(`${prefix}${name}`, String(value));
  const swapIn = (s) => (s && swap ? s.replaceAll(swap[0], swap[1]).replaceAll(encodeURIComponent(swap[0]), encodeURIComponent(swap[1])) : s);
  const headers = { ...action.headers, cookie: action.cookie, origin: origin ?? new URL(action.url).origin };
  if (headers['next-router-state-tree']) headers['next-router-state-tree'] = swapIn(headers['next-router-state-tree']);
  try {
    const res = await fetch(swapIn(action.url), { method: 'POST', headers, body: form, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    const ok = text.match(/"ok":(true|false)/)?.[1];
    return {
      status: res.status,
      ok: ok === undefined ? undefined : ok === 'true',
      message: text.match(/"message":"([\w.:-]+)/)?.[1],
      id: text.match(/"data":\{"id":"([0-9a-f-]{36})"/)?.[1],
    };
  } catch (error) {
    return { status: 0, error: error?.cause?.code ?? error?.name ?? String(error) };
  }
}

/**
 * Runs `jobs` (each { label, run: () => Promise<result> }) `concurrency` at a time. When `killAfterAnswers` answers have
 * come back, `kill()` is called at once — the requests still in flight are left to their fate (marked `inFlightAtKill`)
 * — and nothing more is started. Each job's result is undefined when it never started.
 */
export async function burst(jobs, { concurrency, killAfterAnswers = Infinity, kill = async () => {} }) {
  const results = Array.from(jobs, () => undefined);
  const flying = new Set();
  let next = 0;
  let answers = 0;
  let killing;
  await new Promise((done) => {
    const pump = () => {
      while (!killing && flying.size < concurrency && next < jobs.length) {
        const i = next++;
        flying.add(i);
        results[i] = { label: jobs[i].label };
        jobs[i]
          .run()
          .catch((error) => ({ status: 0, error: String(error) }))
          .then((r) => {
            Object.assign(results[i], r);
            flying.delete(i);
            if (!killing && r.status > 0 && ++answers >= killAfterAnswers) {
              for (const j of flying) results[j].inFlightAtKill = true;
              killing = kill();
            }
            if (flying.size === 0 && (killing || next >= jobs.length)) done();
            else pump();
          });
      }
      if (flying.size === 0 && (killing || next >= jobs.length)) done();
    };
    pump();
  });
  await killing;
  return results;
}
