import { describe, expect, test } from 'vitest';
import { RedcapNetworkError } from '../../src/api/errors.js';
import { DEFAULTS, resolveOptions } from '../../src/api/options.js';

describe('resolveOptions', () => {
  test('defaults', () => {
    const o = resolveOptions();
    expect(o).toMatchObject({ timeoutMs: DEFAULTS.timeout, batchSize: 1000, concurrency: 2, checkToken: true });
    expect(o.retry.retries).toBe(3);
    expect(o.retry.retryWrites).toBe(false);
    const wait = o.retry.backoff(1, new RedcapNetworkError('x', {}));
    expect(wait).toBeGreaterThanOrEqual(0);
    expect(wait).toBeLessThan(500);
  });

  test('batching off, no time limit, backoff settings', () => {
    const o = resolveOptions({ batchSize: false, timeout: 0, backoff: { baseMs: 10, maxMs: 10, random: () => 0.5 } });
    expect(o.batchSize).toBe(false);
    expect(resolveOptions({ batchSize: Infinity }).batchSize).toBe(false);
    expect(o.timeoutMs).toBe(0);
    expect(o.retry.backoff(5, new RedcapNetworkError('x', {}))).toBe(5);
  });

  test("bad values are refused with the option's name", () => {
    expect(() => resolveOptions({ batchSize: 2.5 })).toThrow(
      'The option batchSize must be a whole number of at least 1, not 2.5.',
    );
    expect(() => resolveOptions({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => resolveOptions({ timeout: Number.NaN })).toThrow(/timeout/);
  });
});
