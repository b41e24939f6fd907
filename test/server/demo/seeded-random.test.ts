import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/server/demo/seeded-random.js';

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => r.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('keeps floats in [0, 1) and integers inside their bounds, reaching both ends', () => {
    const r = new SeededRandom(1);
    const ints = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      const n = r.int(3, 6);
      expect(n >= 3 && n <= 6 && Number.isInteger(n)).toBe(true);
      ints.add(n);
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws normals with about the asked mean and spread, truncated inside the bounds', () => {
    const r = new SeededRandom(42);
    const xs = Array.from({ length: 5000 }, () => r.normal(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    expect(mean).toBeCloseTo(10, 0);
    expect(sd).toBeGreaterThan(1.8);
    expect(sd).toBeLessThan(2.2);
    const bounded = Array.from({ length: 2000 }, () => r.normalIn(50, 20, 40, 60));
    expect(Math.min(...bounded)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...bounded)).toBeLessThanOrEqual(60);
    // Truncation redraws instead of clamping: the bounds themselves are (almost) never hit.
    expect(bounded.filter((x) => x === 40 || x === 60).length).toBeLessThan(5);
  });

  it('follows the weights of a weighted choice', () => {
    const r = new SeededRandom(3);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 4000; i++)
      counts[
        r.weighted([
          ['a', 3],
          ['b', 1],
        ] as const)
      ]++;
    expect(counts.a / 4000).toBeGreaterThan(0.7);
    expect(counts.a / 4000).toBeLessThan(0.8);
  });
});
