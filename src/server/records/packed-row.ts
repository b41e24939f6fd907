import type { PackLayout } from './pack-layout.js';
import type { LogicalRow } from './record-rows.js';

/** Between the checked codes of a checkbox in its slot. */
export const CODE_SEPARATOR = '\u001d';

/**
 * An export row read from a pack. Its values sit in the layout's slots
 * (`''` when nothing is stored; a checkbox's checked codes joined by
 * CODE_SEPARATOR), so a flat export takes each cell by position; the maps
 * that filter logic and calc fields ask for are made only when asked.
 */
export class PackedRow implements LogicalRow {
  private valueMap?: Map<string, string>;
  private checkedMap?: Map<string, Set<string>>;
  /** Values set on the row after it was read (calc results, for the calcs after them). */
  private setValues?: Map<string, string>;

  constructor(
    readonly record: string,
    readonly eventId: number,
    readonly event: string,
    readonly repeatForm: string,
    readonly instance: number | null,
    /** One text per layout slot. */
    readonly slots: readonly string[],
    private readonly layout: PackLayout,
    /** Values under names the layout does not have, by name. */
    private readonly others: readonly (readonly [string, string])[] = [],
  ) {}

  /** Whether the checkbox in slot `k` has `code` checked. */
  isChecked(k: number, code: string): boolean {
    const s = this.slots[k] ?? '';
    if (s === code) return true;
    // Found between separators (or the ends), without splitting the slot for every option column.
    for (let at = s.indexOf(code); at >= 0; at = s.indexOf(code, at + 1)) {
      const end = at + code.length;
      if ((at === 0 || s[at - 1] === CODE_SEPARATOR) && (end === s.length || s[end] === CODE_SEPARATOR)) return true;
    }
    return false;
  }

  /** The value under a name, as `values.get` gives it, without making the map (calc fields ask a few names of every row). */
  valueOf(name: string): string | undefined {
    const set = this.setValues?.get(name);
    if (set !== undefined) return set;
    const k = this.layout.index.get(name);
    let value = k !== undefined && !this.layout.checkbox[k] && this.slots[k] !== '' ? this.slots[k] : undefined;
    for (const [other, v] of this.others) if (other === name) value = v;
    return value;
  }

  /** Whether the checkbox `name` has `code` checked, as `checked.get(name)?.has(code)` says. */
  hasChecked(name: string, code: string): boolean {
    const k = this.layout.index.get(name);
    return k !== undefined && this.layout.checkbox[k] && this.isChecked(k, code);
  }

  /** Whether the row holds anything under the name (a value, or a checked code). */
  holds(name: string): boolean {
    if (this.valueOf(name) !== undefined) return true;
    const k = this.layout.index.get(name);
    return k !== undefined && this.layout.checkbox[k] && this.slots[k] !== '';
  }

  /** Sets a value on the row as read ('' included, as `values.set` would). */
  setValue(name: string, value: string): void {
    (this.setValues ??= new Map()).set(name, value);
    this.valueMap?.set(name, value);
  }

  get values(): Map<string, string> {
    if (this.valueMap) return this.valueMap;
    const map = new Map<string, string>();
    const { names, checkbox } = this.layout;
    for (let i = 0; i < names.length; i++) if (!checkbox[i] && this.slots[i] !== '') map.set(names[i], this.slots[i]);
    for (const [name, value] of this.others) map.set(name, value);
    for (const [name, value] of this.setValues ?? []) map.set(name, value);
    return (this.valueMap = map);
  }

  get checked(): Map<string, Set<string>> {
    if (this.checkedMap) return this.checkedMap;
    const map = new Map<string, Set<string>>();
    const { names, checkbox } = this.layout;
    for (let i = 0; i < names.length; i++)
      if (checkbox[i] && this.slots[i] !== '') map.set(names[i], new Set(this.slots[i].split(CODE_SEPARATOR)));
    return (this.checkedMap = map);
  }
}
