// How the fault check tells what it does: timed steps, notes, and checks (✓/✗) counted for the closing line.
export const started = Date.now();
export const clock = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;
export const step = (text) => console.log(`\n[${clock()}] ${text}`);
export const note = (text) => console.log(`         ${text}`);
export const outcomes = [];
export function check(name, ok, detail) {
  outcomes.push({ name, ok });
  console.log(`  ${ok ? '✓' : '✗'} [${clock()}] ${name}${!ok && detail !== undefined ? `\n      ${typeof detail === 'string' ? detail : JSON.stringify(detail).slice(0, 1500)}` : ''}`);
  return ok;
}
export const checkAll = (invariants) => {
  for (const [name, rows] of Object.entries(invariants)) check(name, rows.length === 0, rows.slice(0, 5));
};
