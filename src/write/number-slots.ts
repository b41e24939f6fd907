/**
 * A map from numbers to small integers (slots) that stores its keys in a
 * Float64Array: looking up a double never boxes it, as a Map would, so
 * reading a column of millions of numbers makes no garbage. Open
 * addressing with linear probing; NaN is never a key, -0 is 0.
 */
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

export class NumberSlots {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = new Float64Array(n);
    this.values = new Int32Array(n).fill(-1);
    this.mask = n - 1;
  }

  private static hash(v: number): number {
    bits[0] = v;
    let h = Math.imul(words[0] ^ Math.imul(words[1], 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    return Math.imul(h, 0xc2b2ae35) ^ (h >>> 16);
  }

  /** The slot of `v`, or -1. */
  get(v: number): number {
    const key = v + 0;
    const { keys, values, mask } = this;
    for (let i = NumberSlots.hash(key) & mask; ; i = (i + 1) & mask) {
      const slot = values[i];
      if (slot < 0) return -1;
      if (keys[i] === key) return slot;
    }
  }

  /** Sets the slot (a number from 0) of a key not present yet. */
  set(v: number, slot: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    this.insert(v + 0, slot);
    this.size++;
  }

  private insert(key: number, slot: number): void {
    const { keys, values, mask } = this;
    let i = NumberSlots.hash(key) & mask;
    while (values[i] >= 0) i = (i + 1) & mask;
    keys[i] = key;
    values[i] = slot;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2).fill(-1);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) if (values[i] >= 0) this.insert(keys[i], values[i]);
  }
}
