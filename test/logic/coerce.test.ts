import { describe, expect, it } from 'vitest';
import {
  finite,
  isBlank,
  logicEquals,
  logicOrder,
  numberOfText,
  toNumber,
  toText,
  truthy,
} from '../../src/logic/coerce.js';

describe('logic values', () => {
  it('knows a blank: empty text or a blank number', () => {
    expect([isBlank(''), isBlank(NaN), isBlank(' '), isBlank(0), isBlank(false), isBlank('0')]).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads numbers from text with either decimal character and surrounding spaces', () => {
    expect(numberOfText('12')).toBe(12);
    expect(numberOfText(' -1.5 ')).toBe(-1.5);
    expect(numberOfText('36,6')).toBe(36.6);
    expect(numberOfText('1e3')).toBe(1000);
    expect(numberOfText('.5')).toBe(0.5);
    for (const bad of ['', ' ', 'abc', '0x1f', '1 2', '--1', '2020-01-01']) expect(numberOfText(bad)).toBeNaN();
  });

  it('converts to numbers for arithmetic: booleans 1/0, text by its digits', () => {
    expect([toNumber(true), toNumber(false), toNumber('7'), toNumber(2.5)]).toEqual([1, 0, 7, 2.5]);
    expect(toNumber('seven')).toBeNaN();
    expect(toNumber('')).toBeNaN();
  });

  it('turns infinities into blanks', () => {
    expect(finite(1 / 0)).toBeNaN();
    expect(finite(-Infinity)).toBeNaN();
    expect(finite(3)).toBe(3);
  });

  it('writes text: blanks empty, numbers without exponent, booleans 1/0', () => {
    expect([toText('x'), toText(NaN), toText(1e21), toText(0.1), toText(true), toText(false), toText(-0)]).toEqual([
      'x',
      '',
      '1000000000000000000000',
      '0.1',
      '1',
      '0',
      '0',
    ]);
  });

  it('has PHP-like truthiness', () => {
    const falsy = [false, 0, NaN, '', '0', '0.0', ' 0 '];
    const truthyValues = [true, 1, -2, '1', 'abc', 'false', '0.5', ' '];
    expect(falsy.map(truthy)).toEqual(falsy.map(() => false));
    expect(truthyValues.map(truthy)).toEqual(truthyValues.map(() => true));
  });
});

describe('logicEquals', () => {
  it('compares numbers by value when both sides are numeric', () => {
    expect(logicEquals('1', 1)).toBe(true);
    expect(logicEquals('01', '1.0')).toBe(true);
    expect(logicEquals('1,5', 1.5)).toBe(true);
    expect(logicEquals('2', 1)).toBe(false);
  });

  it('compares text exactly otherwise', () => {
    expect(logicEquals('abc', 'abc')).toBe(true);
    expect(logicEquals('abc', 'ABC')).toBe(false);
    expect(logicEquals('abc', 5)).toBe(false);
    expect(logicEquals('2020-01-01', '2020-01-01')).toBe(true);
  });

  it('makes a blank equal only to a blank', () => {
    expect(logicEquals('', '')).toBe(true);
    expect(logicEquals(NaN, '')).toBe(true);
    expect(logicEquals('', 0)).toBe(false);
    expect(logicEquals('', '0')).toBe(false);
    expect(logicEquals('x', '')).toBe(false);
  });

  it('compares truthiness when a boolean is involved', () => {
    expect(logicEquals(true, '1')).toBe(true);
    expect(logicEquals(true, 'yes')).toBe(true);
    expect(logicEquals(false, '')).toBe(true);
    expect(logicEquals(false, '0')).toBe(true);
    expect(logicEquals(false, 2)).toBe(false);
  });
});

describe('logicOrder', () => {
  it('orders numbers by value, not as text', () => {
    expect(logicOrder('10', '9')).toBeGreaterThan(0);
    expect(logicOrder(2, '2.0')).toBe(0);
    expect(logicOrder('-3', 1)).toBeLessThan(0);
  });

  it('orders text and ISO dates as text', () => {
    expect(logicOrder('2020-01-31', '2020-02-01')).toBeLessThan(0);
    expect(logicOrder('2020-02-01 09:00', '2020-02-01 10:00')).toBeLessThan(0);
    expect(logicOrder('b', 'a')).toBeGreaterThan(0);
    expect(logicOrder('abc', 5)).toBeGreaterThan(0);
  });

  it('cannot order a blank', () => {
    expect(logicOrder('', 5)).toBeNaN();
    expect(logicOrder(5, NaN)).toBeNaN();
    expect(logicOrder('', '')).toBeNaN();
  });

  it('orders booleans as 1/0', () => {
    expect(logicOrder(true, false)).toBeGreaterThan(0);
    expect(logicOrder(false, 0.5)).toBeLessThan(0);
  });
});
