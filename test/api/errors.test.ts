import { describe, expect, test } from 'vitest';
import {
  RedcapApiError,
  RedcapBatchError,
  RedcapError,
  RedcapHttpError,
  RedcapNetworkError,
  RedcapTimeoutError,
  RedcapUsageError,
  isRedcapApiError,
  isRedcapBatchError,
  isRedcapError,
  isRedcapHttpError,
  isRedcapNetworkError,
  isRedcapTimeoutError,
  isRedcapUsageError,
} from '../../src/api/errors.js';

const context = { method: 'exportRecords', content: 'record', action: 'export', url: 'https://x/api/' };

describe('error classes', () => {
  const all = [
    new RedcapApiError(400, 'no', context),
    new RedcapHttpError('html', { status: 500, excerpt: 'x' }, context),
    new RedcapNetworkError('down', context, undefined, 'ECONNRESET'),
    new RedcapTimeoutError('slow', 1000, context),
    new RedcapUsageError('bad'),
    new RedcapBatchError(context, [
      { batch: 1, records: ['1'], status: 'failed', error: new RedcapApiError(400, 'no', context) },
    ]),
  ];
  const guards = [
    isRedcapApiError,
    isRedcapHttpError,
    isRedcapNetworkError,
    isRedcapTimeoutError,
    isRedcapUsageError,
    isRedcapBatchError,
  ];

  test('all are RedcapErrors and Errors, each guard matches its own class only', () => {
    all.forEach((error, i) => {
      expect(error).toBeInstanceOf(RedcapError);
      expect(error).toBeInstanceOf(Error);
      expect(isRedcapError(error)).toBe(true);
      guards.forEach((guard, j) => expect(guard(error)).toBe(i === j));
    });
    expect(all.map((e) => e.name)).toEqual([
      'RedcapApiError',
      'RedcapHttpError',
      'RedcapNetworkError',
      'RedcapTimeoutError',
      'RedcapUsageError',
      'RedcapBatchError',
    ]);
  });

  test('guards reject look-alikes and non-errors', () => {
    for (const value of [new Error('x'), { kind: 'api', message: 'x' }, null, undefined, 'RedcapApiError']) {
      expect(isRedcapError(value)).toBe(false);
      expect(isRedcapApiError(value)).toBe(false);
    }
  });

  test('the request context is kept', () => {
    const e = all[0] as RedcapApiError;
    expect([e.method, e.content, e.action, e.url, e.status, e.redcapMessage]).toEqual([
      'exportRecords',
      'record',
      'export',
      'https://x/api/',
      400,
      'no',
    ]);
  });

  test('a batch error with no failure still reads well', () => {
    const e = new RedcapBatchError({ method: 'importRecords' }, [
      { batch: 1, records: ['a'], status: 'landed' },
      { batch: 2, records: [], status: 'failed', error: new RedcapNetworkError('gone', {}) },
    ]);
    expect(e.message).toBe(
      'importRecords: 1 of 2 batches failed: 2 (no records). First failure: gone Landed (saved): batches 1 (record "a").',
    );
    expect(e.cause).toBe(e.batches[1].error);
  });
});
