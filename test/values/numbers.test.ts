import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, mayBeOtherForm, parseNumber, parseNumberAt } from '../../src/values/numbers.js';

describe('parseNumberAt', () => {
  it('reads plain decimals exactly as Number does, with either decimal character', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = String(x);
        expect(Object.is(parseNumber(s), Number(s))).toBe(true);
        if (!/e/i.test(s)) expect(Object.is(parseNumber(s.replace('.', ',')), Number(s))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 8 }), (n, d) => {
        const s = (n / 10 ** d).toFixed(d);
        expect(parseNumber(s)).toBe(Number(s));
      }),
    );
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

describe('mayBeOtherForm', () => {
  it("never misses a text that is another form of its number than formatNumber's", () => {
    const forms = [
      {},
      { integer: true },
      { decimals: 2 },
      { decimals: 1, decimalChar: ',' as const },
      { decimalChar: ',' as const },
      { decimals: 4 },
    ];
    const text = fc.stringMatching(/^[-+]?[0-9]{0,8}([.,][0-9]{0,6})?([eE][-+]?[0-9]{1,2})?$/);
    let quick = 0;
    fc.assert(
      fc.property(text, fc.constantFrom(...forms), (t, form) => {
        const shape = { plain: false, decimals: -1, separator: 0 };
        const n = parseNumberAt(`#${t}#`, 1, t.length + 1, shape);
        expect(Object.is(n, parseNumber(t))).toBe(true);
        if (!Number.isFinite(n) || (form.integer && !Number.isInteger(n))) return;
        if (!mayBeOtherForm(`#${t}#`, 1, t.length + 1, shape, form)) {
          quick++;
          expect(formatNumber(n, form)).toBe(t);
        }
      }),
      { numRuns: 20000 },
    );
    // The quick answer is the common one.
    expect(quick).toBeGreaterThan(1000);
  });

  it('flags the forms REDCap keeps as entered, and passes the plain ones', () => {
    const look = (t: string, form: Parameters<typeof mayBeOtherForm>[4] = {}) => {
      const shape = { plain: false, decimals: -1, separator: 0 };
      parseNumberAt(t, 0, t.length, shape);
      return mayBeOtherForm(t, 0, t.length, shape, form);
    };
    for (const t of ['.34', '-.5', '+5', '007', '00', '1.50', '5.', '0.0', '-0', '1e3', '1,5'])
      expect(look(t), t).toBe(true);
    for (const t of ['0', '0.34', '5', '-5', '12.25', '100', '-12.5']) expect(look(t), t).toBe(false);
    expect(look('1.50', { decimals: 2 })).toBe(false);
    expect(look('1.5', { decimals: 2 })).toBe(true);
    expect(look('1,5', { decimalChar: ',' })).toBe(false);
    expect(look('5.0', { integer: true })).toBe(true);
  });
});
