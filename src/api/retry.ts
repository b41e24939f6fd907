/**
 * When to try a call again, and how long to wait. Only failures that say
 * nothing about the data (no connection, no answer in time, a busy or
 * failing gateway) are retried, and only for calls that read: an import or
 * delete that timed out may have landed, so sending it again could apply
 * it twice. Writes are retried only when the user opts in.
 */
import type { RedcapError } from './errors.js';

/** Statuses that mean "try later" rather than "no". */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Milliseconds to wait before retry number `attempt` (1 for the first retry). */
export type Backoff = (attempt: number, error: RedcapError) => number;

export interface BackoffSettings {
  /** The first wait's upper bound (ms). */
  baseMs?: number;
  /** No wait is longer than this (ms). */
  maxMs?: number;
  /** A number in [0, 1); `Math.random` by default (tests pass a fixed one). */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: a random wait up to
 * `baseMs * 2^(attempt-1)`, capped at `maxMs`. A `Retry-After` from the
 * server is honoured (capped too).
 */
export function exponentialBackoff(settings: BackoffSettings = {}): Backoff {
  const base = settings.baseMs ?? 500;
  const max = settings.maxMs ?? 30_000;
  const random = settings.random ?? Math.random;
  return (attempt, error) => {
    const asked = (error as { retryAfterMs?: number }).retryAfterMs;
    if (asked !== undefined) return Math.min(max, asked);
    const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
  };
}

/** True for failures worth another try: no answer, or a "try later" status. */
export function isTransient(error: RedcapError): boolean {
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  if (error.kind === 'api' || error.kind === 'http') {
    return RETRY_STATUSES.has((error as RedcapError & { status: number }).status);
  }
  return false;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Retry imports, deletes and other writes too. */
  retryWrites: boolean;
  backoff: Backoff;
}

export function shouldRetry(policy: RetryPolicy, error: RedcapError, write: boolean, retriesDone: number): boolean {
  if (retriesDone >= policy.retries) return false;
  if (write && !policy.retryWrites) return false;
  return isTransient(error);
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
