import { describe, expect, it } from 'vitest';
import { compileLogic, evaluateValue } from '../../src/logic/index.js';
import { LOGIC_FUNCTIONS } from '../../src/logic/functions.js';
import { memoryContext } from './memory-context.js';

const ctx = memoryContext(
  {
    n: '4',
    blank: '',
    txt: 'Hello World',
    dob: '2000-02-29',
    dt: '2024-03-10 08:30',
    code: '-99',
    cb: ['1'],
    comma: '2,5',
  },
  { now: new Date('2024-03-10T12:00:00Z'), isMissingCode: (v) => v === '-99' || v === 'NA' },
);
const calc = (text: string) => evaluateValue(compileLogic(text), ctx);

describe('logic functions', () => {
  it('datediff: units, signs, formats, today and blanks', () => {
    expect(calc('datediff("2024-01-01", "2024-01-11", "d")')).toBe(10);
    expect(calc('datediff("2024-01-11", "2024-01-01", "d")')).toBe(10);
    expect(calc('datediff("2024-01-11", "2024-01-01", "d", true)')).toBe(-10);
    expect(calc('datediff("2024-01-11", "2024-01-01", "d", "ymd", true)')).toBe(-10);
    expect(calc('datediff("2024-01-11", "2024-01-01", "d", "ymd", false)')).toBe(10);
    expect(calc('datediff("2024-01-11", "2024-01-01", "d", "ymd", "false")')).toBe(10);
    expect(calc('datediff("01-11-2024", "01-01-2024", "d", "mdy")')).toBe(10);
    expect(calc('datediff("11-01-2024", "01-01-2024", "d", "dmy")')).toBe(10);
    expect(calc('rounddown(datediff([dob], "today", "y"))')).toBe(24);
    expect(calc("rounddown(datediff('today', [dob], 'y', 'ymd'), 1)")).toBe(24);
    expect(calc('datediff([dt], "now", "h")')).toBe(3.5);
    expect(calc('datediff([dob], [blank], "d")')).toBeNull();
    expect(calc('datediff([dob], "today", "weeks")')).toBeNull();
  });

  it('if: takes one branch, by truthiness', () => {
    expect(calc('if([n] > 3, "big", "small")')).toBe('big');
    expect(calc('if([blank], 1, 0)')).toBe(0);
    expect(calc('if("0", 1, 0)')).toBe(0);
    expect(calc('if([n] = 4, [n] * 2, 1/0)')).toBe(8);
  });

  it('sum, mean, min, max, median, stdev: leave out blanks', () => {
    expect(calc('sum(1, [blank], 2, [n])')).toBe(7);
    expect(calc('mean(1, [blank], 2, [n])')).toBeCloseTo(7 / 3, 12);
    expect(calc('min([n], 2, [blank], 9)')).toBe(2);
    expect(calc('max([n], 2, [blank], -9)')).toBe(4);
    expect(calc('median(5, 1, [blank], 3)')).toBe(3);
    expect(calc('median(5, 1, 3, 4)')).toBe(3.5);
    expect(calc('stdev(2, 4, 4, 4, 5, 5, 7, 9)')).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(calc('stdev(3)')).toBeNull();
    expect(calc('sum([blank], [blank])')).toBeNull();
    expect(calc('sum([comma], 1)')).toBe(3.5);
    expect(calc('mean("x", 2)')).toBe(2);
  });

  it('round, roundup, rounddown: decimals, signs and the 1.005 case', () => {
    expect(calc('round(2.5)')).toBe(3);
    expect(calc('round(-2.5)')).toBe(-3);
    expect(calc('round(1.005, 2)')).toBe(1.01);
    expect(calc('round(1234.5678, -2)')).toBe(1200);
    expect(calc('round(22.149, 1)')).toBe(22.1);
    expect(calc('roundup(1.21, 1)')).toBe(1.3);
    expect(calc('roundup(-1.21, 1)')).toBe(-1.3);
    expect(calc('rounddown(1.29, 1)')).toBe(1.2);
    expect(calc('rounddown(-1.29, 1)')).toBe(-1.2);
    expect(calc('rounddown(-0.4)')).toBe(0);
    expect(Object.is(calc('rounddown(-0.4)'), -0)).toBe(false);
    expect(calc('round([blank], 1)')).toBeNull();
    expect(calc('round(1.5, "x")')).toBeNull();
  });

  it('sqrt, abs, exponential, log', () => {
    expect(calc('sqrt(16)')).toBe(4);
    expect(calc('sqrt(-1)')).toBeNull();
    expect(calc('abs(-3.5)')).toBe(3.5);
    expect(calc('exponential(1)')).toBe(Math.E);
    expect(calc('log(exponential(2))')).toBeCloseTo(2, 14);
    expect(calc('log(1000, 10)')).toBeCloseTo(3, 14);
    expect(calc('log(8, 2)')).toBe(3);
    expect(calc('log(0)')).toBeNull();
    expect(calc('log(8, 1)')).toBeNull();
  });

  it('isnumber, isinteger, isblankormissingcode', () => {
    expect([
      calc('isnumber([n])'),
      calc('isnumber("1.5")'),
      calc('isnumber([comma])'),
      calc('isnumber([txt])'),
      calc('isnumber([blank])'),
      calc('isnumber(1/0)'),
    ]).toEqual([true, true, true, false, false, false]);
    expect([
      calc('isinteger([n])'),
      calc('isinteger("-12")'),
      calc('isinteger("1.5")'),
      calc('isinteger("1.0")'),
      calc('isinteger([blank])'),
      calc('isinteger(3)'),
    ]).toEqual([true, true, false, false, false, true]);
    expect([
      calc('isblankormissingcode([blank])'),
      calc('isblankormissingcode([code])'),
      calc('isblankormissingcode("NA")'),
      calc('isblankormissingcode([n])'),
    ]).toEqual([true, true, true, false]);
  });

  it('contains, not_contain, starts_with, ends_with ignore case', () => {
    expect([calc('contains([txt], "WORLD")'), calc('contains([txt], "planet")')]).toEqual([true, false]);
    expect([calc('not_contain([txt], "world")'), calc('not_contain([txt], "planet")')]).toEqual([false, true]);
    expect([calc('starts_with([txt], "hello")'), calc('starts_with([txt], "world")')]).toEqual([true, false]);
    expect([calc('ends_with([txt], "LD")'), calc('ends_with([txt], "hello")')]).toEqual([true, false]);
  });

  it('left, right, mid, length, find', () => {
    expect(calc('left([txt], 5)')).toBe('Hello');
    expect(calc('left([txt], 0)')).toBeNull();
    expect(calc('right([txt], 5)')).toBe('World');
    expect(calc('right([txt], 50)')).toBe('Hello World');
    expect(calc('mid([txt], 7, 3)')).toBe('Wor');
    expect(calc('mid([txt], 7)')).toBe('World');
    expect(calc('mid([txt], 0, 3)')).toBeNull();
    expect(calc('length([txt])')).toBe(11);
    expect(calc('length("a😀b")')).toBe(3);
    expect(calc('left("😀x", 1)')).toBe('😀');
    expect(calc('length([blank])')).toBe(0);
    expect(calc('find("world", [txt])')).toBe(7);
    expect(calc('find("xyz", [txt])')).toBe(0);
    expect(calc('left(12345, 2)')).toBe('12');
  });

  it('lower, upper, trim, concat', () => {
    expect(calc('lower([txt])')).toBe('hello world');
    expect(calc('upper([txt])')).toBe('HELLO WORLD');
    expect(calc('trim("  a b  ")')).toBe('a b');
    expect(calc('concat([txt], "-", [n], [blank], 1.5)')).toBe('Hello World-41.5');
  });

  it('year, month, day, today, now', () => {
    expect([calc('year([dob])'), calc('month([dob])'), calc('day([dob])')]).toEqual([2000, 2, 29]);
    expect(calc('year([dt])')).toBe(2024);
    expect(calc('year([blank])')).toBeNull();
    expect(calc('today()')).toBe('2024-03-10');
    expect(calc('today')).toBe('2024-03-10');
    expect(calc('now()')).toBe('2024-03-10 12:00:00');
    expect(calc('[dob] < today')).toBe(true);
  });

  it('every function in the table is reachable from logic and never throws on odd input', () => {
    const odd = ['[blank]', '"x"', '-1', '1/0', 'true', '[cb(1)]', '"2024-01-01"', '"today"'];
    for (const [name, spec] of LOGIC_FUNCTIONS) {
      const count = Math.min(Math.max(spec.minArgs, 1), spec.maxArgs === Infinity ? 4 : spec.maxArgs);
      for (const arg of odd) {
        const args = spec.maxArgs === 0 ? [] : Array.from({ length: count }, () => arg);
        const result = calc(`${name.toUpperCase()}(${args.join(', ')})`);
        expect(['string', 'number', 'boolean', 'object']).toContain(typeof result);
        if (typeof result === 'number') expect(Number.isFinite(result)).toBe(true);
      }
    }
  });
});
