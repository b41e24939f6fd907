/**
 * Choice labels back to codes. A value may be a code or a label; when it
 * is the code of one option and the label of another (`1, 2 | 2, 1`),
 * the preference decides, and without one it is a problem rather than a
 * guess. Each distinct value is looked up once per column.
 */
import type { FieldRule } from '../values/field-rule.js';

/** How choice values are read: as labels, as codes, or either (`auto`: ambiguous values are problems). */
export type ChoicePreference = 'labels' | 'codes' | 'auto';

/** A code, or the reason there is none. */
export type ChoiceMatch = { code: string } | { reason: string };

function choiceList(rule: FieldRule): string {
  const shown = rule.choices.slice(0, 8).map((c) => (c.code === c.label ? c.code : `${c.code} (${c.label})`));
  return shown.join(', ') + (rule.choices.length > 8 ? ', …' : '');
}

export class ChoiceCodes {
  private readonly cache = new Map<string, ChoiceMatch>();
  private readonly byLabel = new Map<string, string>();
  private readonly byLowerLabel = new Map<string, string>();

  constructor(
    readonly rule: FieldRule,
    readonly prefer: ChoicePreference = 'auto',
  ) {
    // First option wins when two share a label, as a reader would pick.
    for (const c of rule.choices) {
      if (!this.byLabel.has(c.label)) this.byLabel.set(c.label, c.code);
      const lower = c.label.toLowerCase();
      if (!this.byLowerLabel.has(lower)) this.byLowerLabel.set(lower, c.code);
    }
  }

  /** The code for a label or code. */
  match(value: string): ChoiceMatch {
    let m = this.cache.get(value);
    if (m === undefined) {
      m = this.lookup(value);
      if (this.cache.size < 10_000) this.cache.set(value, m);
    }
    return m;
  }

  private lookup(value: string): ChoiceMatch {
    const rule = this.rule;
    const asCode = rule.byCode.has(value) ? value : undefined;
    const asLabel = this.byLabel.get(value) ?? this.byLowerLabel.get(value.toLowerCase());
    if (asCode !== undefined && asLabel !== undefined && asCode !== asLabel) {
      if (this.prefer === 'codes') return { code: asCode };
      if (this.prefer === 'labels') return { code: asLabel };
      return {
        reason: `ambiguous: "${value}" is the code of option "${rule.byCode.get(asCode)!.label}" and the label of option ${asLabel}; say which with choices: 'codes' or 'labels'`,
      };
    }
    const code = asCode ?? asLabel;
    if (code !== undefined) return { code };
    const trimmed = value.trim();
    if (trimmed !== value && trimmed !== '') return this.lookup(trimmed);
    return { reason: `not an option of ${rule.name}: expected one of ${choiceList(rule)}` };
  }
}
