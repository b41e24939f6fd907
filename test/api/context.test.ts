import { describe, expect, test } from 'vitest';
import { batchPlan, type ApiContext } from '../../src/api/context.js';
import type { ProgressEvent } from '../../src/api/types/common.js';

function ctx(over: Partial<ApiContext> = {}): ApiContext {
  return {
    transport: undefined as never,
    batchSize: 100,
    concurrency: 4,
    recordIdField: async () => 'record_id',
    forgetStructure: () => undefined,
    ...over,
  };
}

describe('batchPlan', () => {
  test('call options win over project settings', () => {
    expect(batchPlan(ctx(), 'm', {})).toMatchObject({ size: 100, concurrency: 4 });
    expect(batchPlan(ctx(), 'm', { batchSize: 7, concurrency: 1 })).toMatchObject({ size: 7, concurrency: 1 });
    expect(batchPlan(ctx(), 'm', { batchSize: false }).size).toBe(false);
    expect(batchPlan(ctx(), 'm', {}, 1).concurrency).toBe(1);
  });

  test("progress goes to the call's listener, else the project's, with the method name", () => {
    const heard: ProgressEvent[] = [];
    const own: ProgressEvent[] = [];
    const event = { phase: 'export' as const, done: 1, total: 2, records: 3, totalRecords: 6 };
    batchPlan(ctx({ onProgress: (e) => heard.push(e) }), 'exportRecords', {}).progress(event);
    batchPlan(ctx({ onProgress: (e) => heard.push(e) }), 'exportRecords', { onProgress: (e) => own.push(e) }).progress(
      event,
    );
    expect(heard).toEqual([{ method: 'exportRecords', ...event }]);
    expect(own).toEqual([{ method: 'exportRecords', ...event }]);
  });
});
