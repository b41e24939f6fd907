import { describe, expect, it } from 'vitest';
import { LogicSyntaxError } from '../../src/logic/errors.js';

describe('LogicSyntaxError', () => {
  it('states the 1-based character and the text near the problem', () => {
    const e = new LogicSyntaxError('expected a value', 13, '==');
    expect(e.message).toBe('Syntax error at character 14 near "==": expected a value');
    expect([e.position, e.near, e.detail, e.name]).toEqual([13, '==', 'expected a value', 'LogicSyntaxError']);
    expect(e).toBeInstanceOf(Error);
  });

  it('says "end of logic" when the logic stops too early', () => {
    expect(new LogicSyntaxError('expected ")"', 8, '').message).toBe('Syntax error at end of logic: expected ")"');
  });

  it('shortens long text near the problem', () => {
    const e = new LogicSyntaxError('unknown', 0, 'x'.repeat(50));
    expect(e.message).toBe(`Syntax error at character 1 near "${'x'.repeat(30)}…": unknown`);
    expect(e.near).toHaveLength(50);
  });
});
