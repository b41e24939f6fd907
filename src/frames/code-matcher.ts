/**
 * Finds which of a few known strings (choice codes, event names, missing
 * codes) a cell holds, comparing it in place in the export text so that no
 * string is made for it.
 */
export class CodeMatcher {
  /** Index of each one-character ASCII code, -1 where none. */
  private readonly single = new Int32Array(128).fill(-1);
  /** Longer codes grouped by length: [code, index] pairs. */
  private readonly byLength: [string, number][][] = [];
  private count = 0;

  /**
   * `bytes`: the text searched is a Latin-1 view of UTF-8 bytes (one
   * character per byte), so codes are compared in that form.
   */
  constructor(
    codes: readonly string[] = [],
    private readonly bytes = false,
  ) {
    for (const code of codes) this.add(code);
  }

  /** Adds a code; its index is the number of codes added before it. Duplicates keep the first index. */
  add(text: string): number {
    const code = this.bytes ? Buffer.from(text, 'utf8').toString('latin1') : text;
    const index = this.count++;
    if (code.length === 1 && code.charCodeAt(0) < 128) {
      const c = code.charCodeAt(0);
      if (this.single[c] < 0) this.single[c] = index;
      return index;
    }
    const group = (this.byLength[code.length] ??= []);
    if (!group.some(([c]) => c === code)) group.push([code, index]);
    return index;
  }

  /** The index of each one-character ASCII code, by character code (-1 where none). */
  singleCharTable(): Int32Array {
    return this.single.slice();
  }

  /** Index of the code equal to `src.slice(start, end)`, or -1. */
  indexAt(src: string, start: number, end: number): number {
    const len = end - start;
    if (len === 1) {
      const c = src.charCodeAt(start);
      if (c < 128) return this.single[c];
    }
    const group = this.byLength[len];
    if (group === undefined) return -1;
    outer: for (let g = 0; g < group.length; g++) {
      const code = group[g][0];
      for (let i = 0; i < len; i++) {
        if (code.charCodeAt(i) !== src.charCodeAt(start + i)) continue outer;
      }
      return group[g][1];
    }
    return -1;
  }
}
