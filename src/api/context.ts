/**
 * What the method modules need from a project: the transport, the
 * batching settings, and the record id field (looked up once).
 */
import type { Transport } from './transport.js';
import { RedcapUsageError } from './errors.js';
import type { BatchOptions, ProgressEvent, ProgressListener } from './types/common.js';

export interface ApiContext {
  readonly transport: Transport;
  /** Records per batch for record exports and imports; false for one request. */
  readonly batchSize: number | false;
  /** Requests in flight at once in a batched export. */
  readonly concurrency: number;
  readonly onProgress?: ProgressListener;
  /** The project's record id field (the dictionary's first field), cached. */
  recordIdField(): Promise<string>;
  /** Forgets cached structure after the dictionary changes. */
  forgetStructure(): void;
}

/** The batching settings of one call: its own options first, then the project's. */
export interface BatchPlan {
  size: number | false;
  concurrency: number;
  /** Milliseconds between request starts (0: none). */
  delayMs: number;
  progress: (event: Omit<ProgressEvent, 'method'>) => void;
}

export function batchPlan(
  ctx: ApiContext,
  method: string,
  options: BatchOptions,
  defaultConcurrency = ctx.concurrency,
): BatchPlan {
  const delay = options.interBatchDelayMs ?? 0;
  if (!Number.isFinite(delay) || delay < 0)
    throw new RedcapUsageError(`${method}: interBatchDelayMs must be a number of milliseconds >= 0, not ${delay}.`, {
      method,
    });
  return planOf(
    method,
    options.batchSize ?? ctx.batchSize,
    options.concurrency ?? defaultConcurrency,
    options.onProgress ?? ctx.onProgress,
    delay,
  );
}

/** A plan from its parts: `false`, 0 or Infinity records per batch mean one request. */
export function planOf(
  method: string,
  batchSize: number | false,
  concurrency: number,
  listener?: ProgressListener,
  delayMs = 0,
): BatchPlan {
  return {
    size: batchSize === false || batchSize === Infinity || batchSize === 0 ? false : batchSize,
    concurrency,
    delayMs,
    progress: (event) => {
      // A faulty listener must not break an export or leave an import half-done.
      try {
        listener?.({ method, ...event });
      } catch {
        /* ignored */
      }
    },
  };
}
