// The app's JavaScript heap ceiling. Left alone, V8 sizes it from the machine's memory (about 4 GB here) and lets it
// grow under load before collecting: one `next start` reached 723 MB resident under 50 users in the bench. With a
// ceiling it collects sooner; the bench measured 356 MB under the same load at the same throughput (bench/FINDINGS.md).
// An operator's own --max-old-space-size in NODE_OPTIONS wins (a larger instance, a container's limit).
export const APP_HEAP_MB = 288;

/** NODE_OPTIONS for an app instance: the given ones, with the heap ceiling unless they set one. */
export function withAppHeap(nodeOptions = '') {
  return /--max-old-space-size/.test(nodeOptions) ? nodeOptions : `${nodeOptions} --max-old-space-size=${APP_HEAP_MB}`.trim();
}
