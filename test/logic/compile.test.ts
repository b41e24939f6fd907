import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRows } from '../../src/formats/csv.js';
import {
  compileLogic,
  evaluateLogic,
  evaluateValue,
  logicResultText,
  LogicSyntaxError,
  printLogic,
  referencedFields,
  type LogicContext,
} from '../../src/logic/index.js';
import { LOGIC_FUNCTIONS } from '../../src/logic/functions.js';
import { memoryContext } from './memory-context.js';

const record = memoryContext(
  {
    age: '42',
    zero: '0',
    blank: '',
    name: 'Ann',
    date: '2024-03-10',
    ten: '10',
    nine: '9',
    comma: '36,6',
    race: ['1', '-99'],
    'baseline_arm_1:weight': '80',
    'visit_1_arm_1:weight': '78',
    'visit_1_arm_1:bp#2': '120',
    'visit_1_arm_1:bp#3': '125',
  },
  { record: '1001', event: 'visit_1_arm_1', instance: 3, dag: 'site_a', now: new Date('2024-06-01T00:00:00Z') },
);

const filter = (text: string, ctx: LogicContext = record) => evaluateLogic(compileLogic(text), ctx);
const calc = (text: string, ctx: LogicContext = record) => evaluateValue(compileLogic(text), ctx);

describe('evaluateLogic: comparisons as REDCap makes them', () => {
  it.each([
    ['[age] = 42', true],
    ['[age] = "42"', true],
    ["[age] = '42.0'", true],
    ['[age] > 40 and [age] <= 42', true],
    ['[age] <> 42', false],
    ['[age] != 41', true],
    ['[ten] > [nine]', true], // numerically, not as text
    ['[name] = "Ann"', true],
    ['[name] = "ann"', false],
    ['[name] > "Al"', true],
    ['[date] >= "2024-01-01" and [date] < "2024-12-31"', true],
    ['[comma] > 36.5', true],
    ['[blank] = ""', true],
    ["[blank] = ''", true],
    ['[blank] <> ""', false],
    ['[age] <> ""', true],
    ['[age] = ""', false],
    ['[blank] = 0', false],
    ['[blank] < 5', false],
    ['[blank] > 5', false],
    ['[blank] <= 5', false],
    ['[blank] <> 5', true],
    ['[blank] + 1 = ""', true],
    ['[blank] + 1 > 0', false],
    ['[zero] = 0', true],
    ['[unknown_field] = ""', true],
    ['[race(1)] = "1"', true],
    ['[race(1)] = 1 and [race(-99)] = 1 and [race(2)] = "0"', true],
    ['[race(2)]', false],
    ['[age]', true],
    ['[zero]', false],
    ['[blank]', false],
    ['[name]', true],
    ['true', true],
    ['FALSE', false],
    ['not [age] = 42', false],
    ['![blank]', true],
    ['[age] = 1 || [age] = 42', true],
    ['[age] = 42 && [name] = "Bob"', false],
    ['isnumber([age]) = true', true],
    ['isnumber([name]) = false', true],
    ['[blank] = false', true],
    ['1 + 1 = 2 and 7 / 2 = 3.5 and 2 ^ 10 = 1024 and -2 ^ 2 = -4', true],
    ['1 / 0 = ""', true],
    ['"abc" + 1 = ""', true],
  ])('%s → %s', (text, expected) => {
    expect(filter(text)).toBe(expected);
  });
});

describe('evaluateValue: calculations', () => {
  it('computes arithmetic with REDCap precedence', () => {
    expect(calc('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(calc('(1 + 2) * 3')).toBe(9);
    expect(calc('2 ^ 3 ^ 2')).toBe(512);
    expect(calc('-[age] + 2')).toBe(-40);
    expect(calc('[age] * 1.5')).toBe(63);
    expect(calc('[comma] * 10')).toBe(366);
    expect(calc('true + true')).toBe(2);
  });

  it('makes blanks and impossible arithmetic blank (null)', () => {
    expect(calc('[blank] * 2')).toBeNull();
    expect(calc('[age] / [zero]')).toBeNull();
    expect(calc('(-8) ^ 0.5')).toBeNull();
    expect(calc('10 ^ 400')).toBeNull();
    expect(calc('-[blank]')).toBeNull();
    expect(calc('[name] * 2')).toBeNull();
    expect(calc('""')).toBeNull();
  });

  it('returns text and booleans as they are', () => {
    expect(calc('[name]')).toBe('Ann');
    expect(calc('[age] > 1')).toBe(true);
    expect(calc('[age]')).toBe('42');
  });

  it('writes results as calc fields store them', () => {
    expect(logicResultText(calc('round(([weight]*10000)/((180)^(2)),1)'))).toBe('24.1');
    expect(logicResultText(calc('[blank] + 1'))).toBe('');
    expect(logicResultText(calc('[age] > 1'))).toBe('1');
    expect(logicResultText(calc('[age] > 100'))).toBe('0');
    expect(logicResultText(calc('10 ^ 21'))).toBe('1000000000000000000000');
    expect(logicResultText(calc('concat("a", "b")'))).toBe('ab');
  });
});

describe('field references resolve against the context', () => {
  it('reads a field in the current event and instance unless the logic names them', () => {
    const ctx = memoryContext(
      { 'visit_1_arm_1:bp#3': '125', 'baseline_arm_1:bp#3': '99' },
      { event: 'visit_1_arm_1', instance: 3 },
    );
    expect(calc('[bp]', ctx)).toBe('125');
    expect(calc('[baseline_arm_1][bp]', ctx)).toBe('99');
    expect(ctx.lookups).toEqual([
      { field: 'bp', lookup: {} },
      { field: 'bp', lookup: { event: 'baseline_arm_1' } },
    ]);
  });

  it('passes events, codes and instances in the lookup', () => {
    expect(calc('[baseline_arm_1][weight] - [weight]')).toBe(2);
    expect(calc('[bp][2]')).toBe('120');
    expect(calc('[bp][previous-instance]')).toBe('120');
    expect(calc('[bp][current-instance]')).toBe('125');
    expect(calc('[bp][next-instance]')).toBeNull();
    expect(calc('[event-name][weight]')).toBe('78');
    const ctx = memoryContext({ 'e1:cb#2': ['x'] }, { event: 'e1', instance: 3 });
    expect(calc('[e1][cb(x)][previous-instance]', ctx)).toBe('1');
    expect(calc('[event-name][cb(y)][2]', ctx)).toBe('0');
    expect(ctx.lookups.map((l) => l.lookup)).toEqual([
      { event: 'e1', code: 'x', instance: 2 },
      { event: 'e1', code: 'y', instance: 2 },
    ]);
  });

  it('has no instance before the first', () => {
    const ctx = memoryContext({ bp: '1' }, { instance: 1 });
    expect(calc('[bp][previous-instance]', ctx)).toBeNull();
    expect(ctx.lookups).toEqual([]);
  });

  it('answers smart variables from the context', () => {
    expect(calc('[record-name]')).toBe('1001');
    expect(calc('[event-name]')).toBe('visit_1_arm_1');
    expect(calc('[current-instance]')).toBe(3);
    expect(calc('[record-dag-name]')).toBe('site_a');
    expect(filter('[record-name] = 1001 and [event-name] = "visit_1_arm_1"')).toBe(true);
    const bare = memoryContext({});
    expect(calc('[current-instance]', bare)).toBe(1);
    expect(calc('[record-dag-name]', bare)).toBeNull();
  });

  it('treats an undefined answer from the context as blank', () => {
    const ctx: LogicContext = { value: () => undefined as unknown as string };
    expect(evaluateLogic(compileLogic('[x] = ""'), ctx)).toBe(true);
  });

  it('evaluates only the branch of if() and the needed side of and/or', () => {
    const ctx = memoryContext({ a: '1' });
    expect(calc('if([a] = 1, [b], [c])', ctx)).toBeNull();
    expect(filter('[a] = 1 or [d] = 1', ctx)).toBe(true);
    expect(filter('[a] = 2 and [e] = 1', ctx)).toBe(false);
    expect(ctx.lookups.map((l) => l.field)).toEqual(['a', 'b', 'a', 'a']);
  });
});

describe('referencedFields', () => {
  it('lists each field once, with its event and checkbox code, in order', () => {
    const logic = compileLogic(
      '[a] = 1 and [ev_1][b] > [a] or [cb(2)] = 1 and if([c][2] = "", [ev_1][b], [cb(3)]) or [event-name][d] = [record-name]',
    );
    expect(referencedFields(logic)).toEqual([
      { field: 'a' },
      { field: 'b', event: 'ev_1' },
      { field: 'cb', code: '2' },
      { field: 'c' },
      { field: 'cb', code: '3' },
      { field: 'd' },
    ]);
  });

  it('is empty for logic without fields', () => {
    expect(referencedFields(compileLogic('1 + 1 = 2 and [record-name] <> ""'))).toEqual([]);
  });
});

describe('compileLogic', () => {
  it('keeps the text and tree and throws LogicSyntaxError for bad logic', () => {
    const compiled = compileLogic('[a] = 1');
    expect(compiled.text).toBe('[a] = 1');
    expect(printLogic(compiled.ast)).toBe('([a] = 1)');
    expect(() => compileLogic('[a] = ')).toThrow(LogicSyntaxError);
    expect(() => compileLogic('nosuch([a])')).toThrow('unknown function "nosuch"');
  });

  it('runs 100k records through a compiled filter quickly', () => {
    const logic = compileLogic(
      '[age] >= 18 and [sex] = "1" and datediff([dob], "2024-01-01", "y") > 30 or [cb(2)] = "1"',
    );
    const rows = Array.from({ length: 100_000 }, (_, i) => ({
      age: String(i % 90),
      sex: String(i % 2),
      dob: `19${String(i % 100).padStart(2, '0')}-06-15`,
      cb: i % 7 === 0 ? '1' : '0',
    }));
    let row = rows[0];
    const ctx: LogicContext = { value: (f, l) => (l.code ? row.cb : ((row as Record<string, string>)[f] ?? '')) };
    const started = performance.now();
    let kept = 0;
    for (row of rows) if (evaluateLogic(logic, ctx)) kept++;
    const elapsed = performance.now() - started;
    const expected = rows.filter(
      (r) =>
        (Number(r.age) >= 18 && r.sex === '1' && 2024 - Number(`19${r.dob.slice(2, 4)}`) - 0.5 > 30) || r.cb === '1',
    ).length;
    expect(kept).toBe(expected);
    expect(elapsed).toBeLessThan(3000);
  });
});

// Random well-formed logic, built as text with random spelling and spacing.
const fields = [
  '[a]',
  '[b]',
  '[blank]',
  '[txt]',
  '[d]',
  '[cb(1)]',
  '[ev][a]',
  '[a][2]',
  '[a][previous-instance]',
  '[record-name]',
  '[current-instance]',
];
const space = fc.constantFrom(' ', '', '\n', '  ');
const caseOf = (word: string) => fc.boolean().map((upper) => (upper ? word.toUpperCase() : word));
const quoted = fc.string({ maxLength: 6 }).map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
const leaf = fc.oneof(
  fc.constantFrom(...fields),
  fc.integer({ min: 0, max: 1000 }).map(String),
  fc
    .double({ min: 0, max: 1e6, noNaN: true })
    .map((n) => String(n))
    .filter((s) => !s.includes('e')),
  quoted,
  fc.constantFrom('true', 'false', 'today', '"today"', '"2024-01-31"', '""'),
);
const calls = [...LOGIC_FUNCTIONS.entries()]
  .map(([name, spec]) => ({ name, min: spec.minArgs, max: Math.min(spec.maxArgs, 4) }))
  .concat([{ name: 'if', min: 3, max: 3 }]);

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(
        tie('expr'),
        fc.constantFrom('+', '-', '*', '/', '^', '=', '<>', '!=', '<', '<=', '>', '>=', 'and', 'or', '&&', '||'),
        tie('expr'),
        space,
      )
      .chain(([l, op, r, s]) =>
        caseOf(op).map(
          (o) => `(${l}${s}${o === 'and' || o === 'or' || o === 'AND' || o === 'OR' ? ` ${o} ` : o}${s}${r})`,
        ),
      ),
    fc.tuple(fc.constantFrom('not ', 'NOT', '!', '-', '+'), tie('expr')).map(([op, e]) => `(${op}(${e}))`),
    fc
      .constantFrom(...calls)
      .chain((c) =>
        fc
          .tuple(caseOf(c.name), fc.array(tie('expr'), { minLength: c.min, maxLength: c.max }))
          .map(([name, args]) => `${name}(${args.join(', ')})`),
      ),
  ),
}));

const randomRecord = fc.record({
  a: fc.oneof(fc.constant(''), fc.integer().map(String), fc.string({ maxLength: 5 })),
  b: fc.oneof(fc.constant(''), fc.double({ noNaN: true }).map(String), fc.constant('2024-02-29')),
  txt: fc.string({ maxLength: 8 }),
  d: fc.constantFrom('', '2020-01-01', '2020-01-01 10:00', '10:30', 'not a date'),
});

describe('evaluation: property tests', () => {
  it('treats numeric text beyond the range of a double as blank', () => {
    const ctx = memoryContext({ b: '-1e+31' });
    expect(evaluateValue(compileLogic('+(concat([b], 1))'), ctx)).toBeNull();
  });

  it('never throws for random well-formed logic and records, and returns a plain value', () => {
    fc.assert(
      fc.property(expr, randomRecord, fc.integer({ min: 1, max: 4 }), (text, values, instance) => {
        const compiled = compileLogic(text);
        const ctx = memoryContext(
          { ...values, cb: ['1'], 'ev:a': values.a, 'a#2': values.b },
          { instance, record: 'r1', now: new Date(0) },
        );
        const result = evaluateValue(compiled, ctx);
        expect(result === null || ['string', 'number', 'boolean'].includes(typeof result)).toBe(true);
        if (typeof result === 'number') expect(Number.isFinite(result)).toBe(true);
        expect(typeof evaluateLogic(compiled, ctx)).toBe('boolean');
        // The canonical print means the same thing.
        expect(evaluateValue(compileLogic(printLogic(compiled.ast)), ctx)).toEqual(result);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees with ordinary arithmetic and comparison on numbers', () => {
    const small = fc.integer({ min: -1000, max: 1000 });
    fc.assert(
      fc.property(small, small, small, (a, b, c) => {
        const ctx = memoryContext({ a: String(a), b: String(b), c: String(c) });
        expect(calc('[a] + [b] * [c]', ctx)).toBe(a + b * c || 0);
        expect(calc('[a] - [b] - [c]', ctx)).toBe(a - b - c || 0);
        expect(calc('-[a] * [b]', ctx)).toBe(-a * b || 0); // never -0
        expect(filter('[a] < [b]', ctx)).toBe(a < b);
        expect(filter('[a] >= [b] and [b] <> [c]', ctx)).toBe(a >= b && b !== c);
        expect(calc('[a] / [b]', ctx)).toBe(b === 0 ? null : a / b || 0);
      }),
      { numRuns: 500 },
    );
  });

  it('compiles or rejects with LogicSyntaxError when random logic is mangled, and what compiles runs', () => {
    fc.assert(
      fc.property(expr, fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 }), (text, at, cut, insert) => {
        const i = at % (text.length + 1);
        const mangled = text.slice(0, i) + insert + text.slice(i + cut);
        let compiled: ReturnType<typeof compileLogic>;
        try {
          compiled = compileLogic(mangled);
        } catch (e) {
          expect(e).toBeInstanceOf(LogicSyntaxError);
          return;
        }
        // A mangled `[cb(1)]` can lose its code, so cb is a plain value here.
        expect(() => evaluateValue(compiled, memoryContext({ cb: '1' }))).not.toThrow();
      }),
      { numRuns: 1500 },
    );
  });
});

describe('the fixture projects: stored calculations are reproduced', () => {
  const root = join(import.meta.dirname, '../fixtures/redcapr');

  it('computes every saved calc value (other than those reading today) from the row it belongs to', () => {
    let checked = 0;
    for (const project of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      let dictionary: string, data: string;
      try {
        dictionary = readFileSync(join(root, project.name, 'dictionary.csv'), 'utf8');
        data = readFileSync(join(root, project.name, 'data.csv'), 'utf8');
      } catch {
        continue;
      }
      // Dictionary headers as REDCap's download writes them (column order is fixed).
      const calcs = parseCsvRows(dictionary)
        .slice(1)
        .filter((r) => r[3] === 'calc' && !/today|now/i.test(r[5]))
        .map((r) => ({ field: r[0], logic: compileLogic(r[5]) }));
      if (calcs.length === 0) continue;
      for (const row of parseCsv(data).rows) {
        const ctx: LogicContext = { value: (f, l) => (l.code === undefined ? row[f] : row[`${f}___${l.code}`]) ?? '' };
        for (const c of calcs) {
          const stored = row[c.field];
          if (stored === undefined || stored === '') continue;
          expect(logicResultText(evaluateValue(c.logic, ctx)), `${project.name} ${c.field}`).toBe(stored);
          checked++;
        }
      }
    }
    // bmi in five projects, bmi_comma, bmi2 and f_calculated: every saved value.
    expect(checked).toBe(28);
  });
});
