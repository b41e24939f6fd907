/**
 * Where each record's values sit in a definition's value list, as runs of
 * positions (a project XML lists a record's values together, so a record
 * is mostly one run): enough to hand each record's values on without
 * copying the list.
 */
export class ValueSpans {
  private readonly runs = new Map<string, number[]>();
  private current: number[] | undefined;
  private currentRecord: string | undefined;

  /** Notes that value `index` belongs to `record`. */
  add(record: string, index: number): void {
    if (record === this.currentRecord && this.current) {
      this.current[this.current.length - 1] = index + 1;
      return;
    }
    let runs = this.runs.get(record);
    if (!runs) this.runs.set(record, (runs = []));
    runs.push(index, index + 1);
    this.current = runs;
    this.currentRecord = record;
  }

  /** Forgets a record (it got values from elsewhere too). */
  drop(record: string): void {
    this.runs.delete(record);
    if (record === this.currentRecord) this.currentRecord = undefined;
  }

  /** Each record still held, with its values in the order they were listed. */
  *records<T>(valueAt: (index: number) => T): Generator<[string, T[]]> {
    for (const [record, runs] of this.runs) {
      const values: T[] = [];
      for (let r = 0; r < runs.length; r += 2) for (let i = runs[r]; i < runs[r + 1]; i++) values.push(valueAt(i));
      yield [record, values];
    }
  }
}
