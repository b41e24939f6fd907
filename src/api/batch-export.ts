/**
 * A record export in batches of records: read the record names first
 * (with the same filters), split them into consecutive batches (a record's
 * rows always come in one batch), export the batches with a concurrency
 * limit, and join the answers in record order, so the result is what one
 * export would have returned.
 */
import type { BatchPlan } from './context.js';
import { chunk, runLimited } from './concurrency.js';
import { RedcapError, isRedcapError } from './errors.js';
import { joinCsv, joinXml } from './join-exports.js';
import type { Format } from './types/common.js';

export interface BatchedExport<R> {
  format: Format;
  plan: BatchPlan;
  /** The record names the export can return, in REDCap's order (duplicates allowed). */
  readIds(): Promise<string[]>;
  /** One export; `records` undefined means the caller's own selection. */
  exportBatch(records: string[] | undefined): Promise<R>;
  /** Records the caller asked for, if any (skips reading names when few). */
  requested?: readonly string[];
  method: string;
}

/** Names in first-seen order, each once. */
export function uniqueInOrder(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function join<R>(format: Format, parts: R[]): R {
  if (format === 'json') return (parts as unknown[][]).flat() as R;
  const texts = parts as unknown as string[];
  return (format === 'csv' ? joinCsv(texts) : joinXml(texts)) as R;
}

export async function batchedExport<R>(job: BatchedExport<R>): Promise<R> {
  const { plan } = job;
  const size = plan.size;
  if (size === false) return job.exportBatch(undefined);
  if (job.requested && uniqueInOrder(job.requested).length <= size) return job.exportBatch(undefined);

  const ids = uniqueInOrder(await job.readIds());
  const batches = ids.length <= size ? [ids] : chunk(ids, size);
  plan.progress({ phase: 'ids', done: 0, total: batches.length, records: 0, totalRecords: ids.length });
  if (batches.length === 1) {
    // Few enough for one request: send the caller's own request unchanged.
    const whole = await job.exportBatch(undefined);
    plan.progress({ phase: 'export', done: 1, total: 1, records: ids.length, totalRecords: ids.length });
    return whole;
  }

  let done = 0;
  let records = 0;
  const settled = await runLimited(batches.length, plan.concurrency, async (i) => {
    const part = await job.exportBatch(batches[i]);
    done += 1;
    records += batches[i].length;
    plan.progress({ phase: 'export', done, total: batches.length, records, totalRecords: ids.length });
    return part;
  });
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure && failure.status === 'rejected') throw failure.reason;
  const parts = settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined)) as R[];
  try {
    return join(job.format, parts);
  } catch (e) {
    if (isRedcapError(e)) throw e;
    throw new RedcapError(`${job.method}: could not join the batches: ${(e as Error).message}. Try again with batchSize: false.`, { method: job.method });
  }
}
