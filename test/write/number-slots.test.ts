import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberSlots } from '../../src/write/number-slots.js';

describe('NumberSlots', () => {
  it('answers as a Map of numbers would, through growth, with -0 as 0', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.double({ noNaN: true }),
            fc.integer({ min: -50, max: 50 }),
            fc.constantFrom(0, -0, Infinity, 5e-324),
          ),
        ),
        (keys) => {
          const slots = new NumberSlots(2);
          const map = new Map<number, number>();
          for (const k of keys) {
            const key = k === 0 ? 0 : k;
            if (map.has(key)) {
              expect(slots.get(k)).toBe(map.get(key));
            } else {
              expect(slots.get(k)).toBe(-1);
              slots.set(k, map.size);
              map.set(key, map.size);
            }
          }
          expect(slots.size).toBe(map.size);
          for (const [k, v] of map) expect(slots.get(k)).toBe(v);
        },
      ),
    );
    const s = new NumberSlots();
    s.set(-0, 7);
    expect(s.get(0)).toBe(7);
  });
});
