import { describe, expect, test } from 'vitest';
import {
  RedcapApiError,
  RedcapHttpError,
  RedcapNetworkError,
  RedcapTimeoutError,
  RedcapUsageError,
} from '../../src/api/errors.js';
import { exponentialBackoff, isTransient, shouldRetry } from '../../src/api/retry.js';

const network = new RedcapNetworkError('down', {});
const http = (status: number) => new RedcapHttpError('x', { status, excerpt: '' }, {});

describe('isTransient', () => {
  test('network failures, timeouts and try-later statuses', () => {
    expect(isTransient(network)).toBe(true);
    expect(isTransient(new RedcapTimeoutError('slow', 10, {}))).toBe(true);
    for (const status of [408, 429, 500, 502, 503, 504]) expect(isTransient(http(status))).toBe(true);
  });

  test('not refusals, bad bodies or usage errors', () => {
    expect(isTransient(new RedcapApiError(400, 'no', {}))).toBe(false);
    expect(isTransient(new RedcapApiError(403, 'no', {}))).toBe(false);
    expect(isTransient(http(200))).toBe(false);
    expect(isTransient(http(404))).toBe(false);
    expect(isTransient(new RedcapUsageError('bad'))).toBe(false);
  });
});

describe('shouldRetry', () => {
  const policy = { retries: 2, retryWrites: false, backoff: () => 0 };
  test('reads up to the limit, writes only when opted in', () => {
    expect(shouldRetry(policy, network, false, 0)).toBe(true);
    expect(shouldRetry(policy, network, false, 1)).toBe(true);
    expect(shouldRetry(policy, network, false, 2)).toBe(false);
    expect(shouldRetry(policy, network, true, 0)).toBe(false);
    expect(shouldRetry({ ...policy, retryWrites: true }, network, true, 0)).toBe(true);
  });
});

describe('exponentialBackoff', () => {
  test('the ceiling doubles per retry up to the cap; jitter scales it', () => {
    const top = exponentialBackoff({ baseMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map((n) => top(n, network))).toEqual([99, 199, 399, 799, 999, 999]);
    const half = exponentialBackoff({ baseMs: 100, maxMs: 1000, random: () => 0.5 });
    expect(half(3, network)).toBe(200);
  });

  test('Retry-After wins, capped', () => {
    const backoff = exponentialBackoff({ baseMs: 100, maxMs: 5000, random: () => 0 });
    expect(backoff(1, new RedcapHttpError('x', { status: 429, excerpt: '', retryAfterMs: 2000 }, {}))).toBe(2000);
    expect(backoff(1, new RedcapHttpError('x', { status: 503, excerpt: '', retryAfterMs: 60_000 }, {}))).toBe(5000);
  });
});
