/**
 * Project options, their defaults and checks.
 */
import type { Dispatcher } from 'undici';
import { RedcapUsageError } from './errors.js';
import { wholeNumberOption } from './option-checks.js';
import { exponentialBackoff, type Backoff, type BackoffSettings, type RetryPolicy } from './retry.js';
import type { ProgressListener } from './types/common.js';

export interface ProjectOptions {
  /** Milliseconds one request may take, answer included (default 300000; 0 for no limit). */
  timeout?: number;
  /** Retries of a failed read: connection failures, timeouts, HTTP 408/429/500/502/503/504 (default 3). */
  retries?: number;
  /**
   * Retry imports, deletes, renames and other writes as well (default false):
   * a write that timed out may have landed, and sending it again could apply it twice.
   */
  retryWrites?: boolean;
  /** Wait before each retry: a function of the retry number, or settings of the default exponential backoff with jitter. */
  backoff?: Backoff | BackoffSettings;
  /** Records per request in `exportRecords` and `importRecords` (default 1000; false for one request). */
  batchSize?: number | false;
  /** Batches of an export in flight at once (default 2). Imports send one batch at a time unless told otherwise per call. */
  concurrency?: number;
  /** An undici dispatcher for proxies or TLS settings (default: a pooled keep-alive Agent). */
  dispatcher?: Dispatcher;
  /** Told about each batch of batched exports and imports. */
  onProgress?: ProgressListener;
  /** Check the token's shape before sending it (default true). */
  checkToken?: boolean;
}

export interface ResolvedOptions {
  timeoutMs: number;
  retry: RetryPolicy;
  batchSize: number | false;
  concurrency: number;
  dispatcher?: Dispatcher;
  onProgress?: ProgressListener;
  checkToken: boolean;
}

export const DEFAULTS = Object.freeze({ timeout: 300_000, retries: 3, batchSize: 1000, concurrency: 2 });

export function resolveOptions(options: ProjectOptions = {}): ResolvedOptions {
  const timeout = options.timeout ?? DEFAULTS.timeout;
  if (typeof timeout !== 'number' || !(timeout >= 0))
    throw new RedcapUsageError(`The option timeout must be milliseconds (0 for none), not ${String(timeout)}.`);
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  return {
    timeoutMs: timeout === Infinity ? 0 : timeout,
    retry: {
      retries: wholeNumberOption('retries', options.retries ?? DEFAULTS.retries, 0),
      retryWrites: options.retryWrites ?? false,
      backoff: typeof options.backoff === 'function' ? options.backoff : exponentialBackoff(options.backoff),
    },
    batchSize: batchSize === false || batchSize === Infinity ? false : wholeNumberOption('batchSize', batchSize),
    concurrency: wholeNumberOption('concurrency', options.concurrency ?? DEFAULTS.concurrency),
    dispatcher: options.dispatcher,
    onProgress: options.onProgress,
    checkToken: options.checkToken ?? true,
  };
}
