import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber, parseNumberAt } from '../../src/values/numbers.js';

describe('parseNumberAt', () => {
  it('reads plain decimals exactly as Number does, with either decimal character', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const s = String(x);
      expect(Object.is(parseNumber(s), Number(s))).toBe(true);
      if (!/e/i.test(s)) expect(Object.is(parseNumber(s.replace('.', ',')), Number(s))).toBe(true);
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 8 }), (n, d) => {
      const s = (n / 10 ** d).toFixed(d);
      expect(parseNumber(s)).toBe(Number(s));
    }));
  });

  it('reads a range of a longer text and rejects what is not a number', () => {
    expect(parseNumberAt('id,36,5;x', 3, 7)).toBe(36.5);
    expect(parseNumberAt('-.5', 0, 3)).toBe(-0.5);
    expect(parseNumberAt('5.', 0, 2)).toBe(5);
    expect(Object.is(parseNumber('-0'), -0)).toBe(true);
    for (const bad of ['', '-', '.', '1,2.3', '1.2.3', '0x1f', ' 1', '1 ', 'NaN', 'Infinity', '1e', '--1']) {
      expect(parseNumber(bad), bad).toBeNaN();
    }
    // biome-ignore lint/correctness/noPrecisionLoss: the point is a number past 2^53, read as the nearest double.
    expect(parseNumber('12345678901234567890')).toBe(12345678901234567890);
    expect(parseNumber('1e3')).toBe(1000);
  });
});
