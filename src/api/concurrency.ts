/**
 * Running numbered tasks with at most `limit` in flight, keeping results in
 * task order. After a failure no new task starts (those already running
 * finish), so the caller can tell what ran, what failed and what never started.
 */

export type Settled<T> =
  | { status: 'fulfilled'; value: T }
  | { status: 'rejected'; reason: unknown }
  | { status: 'skipped' };

export async function runLimited<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<Settled<T>[]> {
  const results: Settled<T>[] = Array.from({ length: count }, () => ({ status: 'skipped' }));
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < count) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await task(index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
        failed = true;
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit) || 1, count));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** Consecutive slices of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
