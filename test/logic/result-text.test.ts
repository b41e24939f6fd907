import { describe, expect, it } from 'vitest';
import { logicResultText } from '../../src/logic/result-text.js';

describe('logicResultText', () => {
  it('writes what a calc field stores', () => {
    expect(logicResultText(null)).toBe('');
    expect(logicResultText(22.1)).toBe('22.1');
    expect(logicResultText(7)).toBe('7');
    expect(logicResultText(1e21)).toBe('1000000000000000000000');
    expect(logicResultText(1e-7)).toBe('0.0000001');
    expect(logicResultText(NaN)).toBe('');
    expect(logicResultText(true)).toBe('1');
    expect(logicResultText(false)).toBe('0');
    expect(logicResultText('text')).toBe('text');
  });
});
