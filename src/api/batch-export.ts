/**
 * A record export in batches of records: read the record names first
 * (with the same filters), split them into consecutive batches (a record's
 * rows always come in one batch), export the batches with a concurrency
 * limit, and join the answers in record order, so the result is what one
 * export would have returned.
 */
import type { BatchPlan } from './context.js';
import { chunk, runLimited } from './concurrency.js';
import { RedcapError, RedcapHttpError, isRedcapError } from './errors.js';
import { joinCsv, joinXml } from './join-exports.js';
import { Pacer } from './pacer.js';
import type { Format } from './types/common.js';

/**
 * What a batch's answer holds, as far as can be told: its records
 * (undefined when the answer does not show them) and whether it visibly
 * ends in the middle of a row.
 */
export interface BatchContents {
  records?: readonly string[];
  /** Records asked for may be absent (an EAV export has no rows for a record without values). */
  mayLack?: boolean;
  cutShort?: boolean;
}

export interface BatchedExport<R> {
  format: Format;
  plan: BatchPlan;
  /** The record names the export can return, in REDCap's order (duplicates allowed). */
  readIds(pacer?: Pacer): Promise<string[]>;
  /** One export; `records` undefined means the caller's own selection. */
  exportBatch(records: string[] | undefined, pacer?: Pacer): Promise<R>;
  /** Records the caller asked for, if any (skips reading names when few). */
  requested?: readonly string[];
  method: string;
  /** What a batch's answer holds, to check it against what was asked. */
  contentsOf?: (part: R) => Promise<BatchContents>;
  /** Joins the batches' answers (by default as the format's text, or JSON rows). */
  join?: (parts: R[]) => R;
  /**
   * Told each answer once it and every earlier one have come, in record
   * order (the whole answer when one request does): work on it while the
   * later batches are on their way. `count`: how many answers there are.
   */
  onPart?: (part: R, count: number) => void;
}

function quoted(records: readonly string[]): string {
  return (
    records
      .slice(0, 5)
      .map((r) => `"${r}"`)
      .join(', ') + (records.length > 5 ? ', …' : '')
  );
}

/**
 * Refuses a batch whose answer is not whole: cut in the middle of a row,
 * or lacking records it was asked for, or holding others. REDCap sends no
 * length or checksum of its own, and a PHP script that hits its time limit
 * ends its answer cleanly, so the records are what shows a short answer.
 */
async function checkBatch<R>(
  job: BatchedExport<R>,
  part: R,
  asked: readonly string[],
  index: number,
  count: number,
): Promise<void> {
  if (!job.contentsOf) return;
  const contents = await job.contentsOf(part);
  const which = `the answer to batch ${index + 1} of ${count} (${asked.length} records from "${asked[0]}")`;
  const fail = (what: string) => {
    throw new RedcapHttpError(
      `${job.method}: ${what}. Export again (with a smaller batchSize if it recurs).`,
      { status: 200, excerpt: '' },
      { method: job.method },
    );
  };
  if (contents.cutShort) fail(`${which} ends in the middle of a row: it was cut short`);
  if (!contents.records) return;
  const got = new Set(contents.records);
  const wanted = new Set(asked);
  const extra = [...got].filter((r) => !wanted.has(r));
  const missing = contents.mayLack ? [] : asked.filter((r) => !got.has(r));
  if (missing.length > 0) {
    fail(
      `${which} lacks ${missing.length} of them (${quoted(missing)}): it was cut short, or records were deleted, renamed or changed during the export`,
    );
  }
  if (extra.length > 0) fail(`${which} holds records not asked for (${quoted(extra)})`);
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
  const whole = async (pacer?: Pacer): Promise<R> => {
    const part = await job.exportBatch(undefined, pacer);
    job.onPart?.(part, 1);
    return part;
  };
  if (size === false) return whole();
  if (job.requested && uniqueInOrder(job.requested).length <= size) return whole();

  // Every request of the export, the record names included, keeps its distance.
  const pacer = plan.delayMs > 0 ? new Pacer(plan.delayMs) : undefined;
  const ids = uniqueInOrder(await job.readIds(pacer));
  const batches = ids.length <= size ? [ids] : chunk(ids, size);
  plan.progress({ phase: 'ids', done: 0, total: batches.length, records: 0, totalRecords: ids.length });
  if (batches.length === 1) {
    // Few enough for one request: send the caller's own request unchanged.
    const one = await whole(pacer);
    plan.progress({ phase: 'export', done: 1, total: 1, records: ids.length, totalRecords: ids.length });
    return one;
  }

  let done = 0;
  let records = 0;
  // Answers that came before an earlier one, kept until it has.
  const waiting = new Map<number, R>();
  let handed = 0;
  const hand = (i: number, part: R): void => {
    if (!job.onPart) return;
    waiting.set(i, part);
    while (waiting.has(handed)) {
      const next = waiting.get(handed) as R;
      waiting.delete(handed++);
      job.onPart(next, batches.length);
    }
  };
  const settled = await runLimited(batches.length, plan.concurrency, async (i) => {
    const part = await job.exportBatch(batches[i], pacer);
    await checkBatch(job, part, batches[i], i, batches.length);
    hand(i, part);
    done += 1;
    records += batches[i].length;
    plan.progress({ phase: 'export', done, total: batches.length, records, totalRecords: ids.length });
    return part;
  });
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure && failure.status === 'rejected') throw failure.reason;
  const parts = settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined)) as R[];
  try {
    return job.join ? job.join(parts) : join(job.format, parts);
  } catch (e) {
    throw joinError(job.method, e);
  }
}

/** A failure to join the batches of an export, as the client's error. */
export function joinError(method: string, e: unknown): RedcapError {
  if (isRedcapError(e)) return e;
  return new RedcapError(
    `${method}: could not join the batches: ${(e as Error).message}. Try again with batchSize: false.`,
    { method },
  );
}
