import { describe, expect, test } from 'vitest';
import { chunk, runLimited } from '../../src/api/concurrency.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runLimited', () => {
  test('keeps at most `limit` tasks running and results in task order', async () => {
    let running = 0;
    let most = 0;
    const results = await runLimited(7, 3, async (i) => {
      running++;
      most = Math.max(most, running);
      await tick(5 + ((i * 7) % 4));
      running--;
      return i * 10;
    });
    expect(most).toBe(3);
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60].map((value) => ({ status: 'fulfilled', value })));
  });

  test('starts nothing new after a failure and reports what never ran', async () => {
    const started: number[] = [];
    const results = await runLimited(5, 1, async (i) => {
      started.push(i);
      if (i === 2) throw new Error('boom');
      return i;
    });
    expect(started).toEqual([0, 1, 2]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'skipped', 'skipped']);
  });

  test('tasks already running when another fails are finished', async () => {
    const results = await runLimited(4, 2, async (i) => {
      if (i === 0) throw new Error('first fails at once');
      await tick(10);
      return i;
    });
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'skipped', 'skipped']);
  });
});

describe('chunk', () => {
  test('consecutive slices', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });
});
