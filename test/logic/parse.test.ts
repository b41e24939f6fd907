import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printLogic } from '../../src/logic/ast.js';
import { LogicSyntaxError } from '../../src/logic/errors.js';
import { parseLogic } from '../../src/logic/parse.js';

const shape = (text: string) => printLogic(parseLogic(text));

function syntaxError(text: string): LogicSyntaxError {
  try {
    parseLogic(text);
  } catch (e) {
    if (e instanceof LogicSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for ${text}`);
}

describe('parseLogic: precedence and associativity', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
    ['-2 ^ 2', '(-(2 ^ 2))'],
    ['2 ^ -1', '(2 ^ (-1))'],
    ['2 * -3', '(2 * (-3))'],
    ['--1', '(-(-1))'],
    ['+[a]', '(+[a])'],
    ['[a] + 1 > [b] * 2', '(([a] + 1) > ([b] * 2))'],
    ['[a] = 1 or [b] = 2 and [c] = 3', '(([a] = 1) or (([b] = 2) and ([c] = 3)))'],
    ['([a] = 1 or [b] = 2) and [c] = 3', '((([a] = 1) or ([b] = 2)) and ([c] = 3))'],
    ['[a] = 1 and [b] = 2 and [c] = 3', '((([a] = 1) and ([b] = 2)) and ([c] = 3))'],
    ['not [a] = 1 and [b] = 2', '((not ([a] = 1)) and ([b] = 2))'],
    ['not not [a]', '(not (not [a]))'],
    ['![a] = 1 || [b] != 2 && [c] <> 3', '((not ([a] = 1)) or (([b] <> 2) and ([c] <> 3)))'],
    ['[a] <= 1 or [a] >= 2 or [a] < 3 or [a] > 4', '(((([a] <= 1) or ([a] >= 2)) or ([a] < 3)) or ([a] > 4))'],
    ['((([a])))', '[a]'],
    ['round(([weight]*10000)/(([height])^(2)),1)', 'round((([weight] * 10000) / ([height] ^ 2)), 1)'],
  ])('%s  →  %s', (text, expected) => {
    expect(shape(text)).toBe(expected);
  });

  it('nests function calls and conditions', () => {
    expect(shape('if([a] > 1, if([b] = "", 0, sum([b], 2)), max(1, 2, 3))')).toBe(
      'if(([a] > 1), if(([b] = ""), 0, sum([b], 2)), max(1, 2, 3))',
    );
  });
});

describe('parseLogic: words, case and spacing', () => {
  it('ignores the case of keywords, booleans and function names', () => {
    expect(shape('[a] = 1 AND [b] = 2 Or NOT [c]')).toBe('((([a] = 1) and ([b] = 2)) or (not [c]))');
    expect(shape('TRUE or False')).toBe('(true or false)');
    expect(shape('RoundDown(DATEDIFF([d], "today", "y"))')).toBe('rounddown(datediff([d], "today", "y"))');
    expect(shape('IF([a], 1, 0)')).toBe('if([a], 1, 0)');
  });

  it('accepts any spacing, including none, newlines and tabs', () => {
    const compact = shape('[a]=1and[b]<>"x"');
    expect(compact).toBe('(([a] = 1) and ([b] <> "x"))');
    expect(shape('\n\t[a]\r\n=\n1\n  and\n\t[b]  <>  "x"  \n')).toBe(compact);
    expect(shape('round ( [a] , 2 )')).toBe('round([a], 2)');
  });

  it('reads bare today and now as the functions', () => {
    expect(shape('today')).toBe('today()');
    expect(shape('Now()')).toBe('now()');
  });

  it('keeps text exactly, including spaces, case and the other quote', () => {
    expect(parseLogic('"  Mixed Case \'q\' "')).toMatchObject({ kind: 'string', value: "  Mixed Case 'q' " });
    expect(parseLogic('\'say "hi"\'')).toMatchObject({ kind: 'string', value: 'say "hi"' });
    expect(parseLogic('""')).toMatchObject({ kind: 'string', value: '' });
  });
});

describe('parseLogic: field references and smart variables', () => {
  it('reads fields, events, checkbox codes and instances', () => {
    expect(parseLogic('[age]')).toEqual({ kind: 'field', field: 'age', pos: 0 });
    expect(parseLogic('[visit_1_arm_1][weight]')).toEqual({
      kind: 'field',
      field: 'weight',
      event: 'visit_1_arm_1',
      pos: 0,
    });
    expect(parseLogic('[race(-99)]')).toEqual({ kind: 'field', field: 'race', code: '-99', pos: 0 });
    expect(parseLogic('[med(A_1)]')).toEqual({ kind: 'field', field: 'med', code: 'A_1', pos: 0 });
    expect(parseLogic('[bp][2]')).toEqual({ kind: 'field', field: 'bp', instance: 2, pos: 0 });
    expect(parseLogic('[ev_arm_1][cb(3)][4]')).toEqual({
      kind: 'field',
      field: 'cb',
      event: 'ev_arm_1',
      code: '3',
      instance: 4,
      pos: 0,
    });
    expect(parseLogic(' [bp][previous-instance]')).toEqual({
      kind: 'field',
      field: 'bp',
      instance: 'previous',
      pos: 1,
    });
    expect(parseLogic('[bp][Current-Instance]')).toMatchObject({ instance: 'current' });
    expect(parseLogic('[bp][next-instance]')).toMatchObject({ instance: 'next' });
    expect(parseLogic('[event-name][bp]')).toEqual({ kind: 'field', field: 'bp', currentEvent: true, pos: 0 });
    expect(parseLogic('[a:value]')).toEqual({ kind: 'field', field: 'a', pos: 0 });
  });

  it('reads standalone smart variables', () => {
    for (const name of ['record-name', 'event-name', 'current-instance', 'record-dag-name']) {
      expect(parseLogic(`[${name}]`)).toEqual({ kind: 'smart', name, pos: 0 });
    }
    expect(parseLogic('[Record-Name]')).toMatchObject({ kind: 'smart', name: 'record-name' });
  });

  it('needs adjacent brackets to join them: a gap is two values', () => {
    expect(syntaxError('[ev] [a]').detail).toContain('expected an operator');
  });

  it('prints back what it parsed', () => {
    for (const text of ['[ev][cb(3)][4]', '[event-name][x][previous-instance]', '[record-name]', '[a(1)]']) {
      expect(shape(text)).toBe(text);
    }
  });
});

describe('parseLogic: errors point at the problem', () => {
  it.each([
    // [logic, 0-based position, near, message fragment]
    ['([a] = 1', 8, '', 'expected ")" to close the "(" at character 1'],
    ['(([a] = 1)', 10, '', 'expected ")" to close the "(" at character 1'],
    ['[a] = 1)', 7, ')', '")" has no matching "("'],
    ['([a] = 1 [b])', 9, '[b]', 'expected an operator or ")" to close the "(" at character 1'],
    ['foo([a])', 0, 'foo', 'unknown function "foo"'],
    ['[a] = 1 and', 11, '', 'expected a value (a [field], a number, text in quotes, a function or "(") after "and"'],
    ['[a] = ', 6, '', 'after "="'],
    ['[a] + * 2', 6, '*', 'after "+"'],
    ['and [a]', 0, 'and', 'expected a value'],
    ['1 + not [a]', 4, 'not', '"not" negates a whole condition'],
    ['[a] = ![b]', 6, '!', '"not" negates a whole condition'],
    ['[a] = 1 or or [b] = 2', 11, 'or', 'after "or"'],
    ['[a] = "abc', 6, '"abc', 'never closed'],
    ['[]', 0, '[]', 'empty brackets'],
    ['[a] = [ ]', 6, '[ ]', 'empty brackets'],
    ['[ev][]', 4, '[]', 'empty brackets'],
    ['[a] == 1', 4, '==', 'REDCap compares with a single "=", not "=="'],
    ['[a] = 1 = 2', 8, '=', 'comparisons cannot be chained'],
    ['1 < [a] < 3', 8, '<', 'comparisons cannot be chained'],
    ['round(1, 2, 3)', 0, 'round', 'round() takes 1 or 2 arguments, not 3'],
    ['datediff([a], [b])', 0, 'datediff', 'datediff() takes 3 to 5 arguments, not 2'],
    ['sum()', 0, 'sum', 'sum() takes at least 1 argument, not 0'],
    ['if([a], 1)', 0, 'if', 'if() takes 3 arguments, not 2'],
    ['today(1)', 0, 'today', 'today() takes 0 arguments, not 1'],
    ['round([a],)', 10, ')', 'after ","'],
    ['round([a] 2)', 10, '2', 'expected "," or ")" after an argument of round()'],
    ['round([a], 2', 12, '', 'expected ")" to close the "(" of round at character 6'],
    ['[a] = yes', 6, 'yes', 'unknown word "yes"'],
    ['round', 0, 'round', 'needs its arguments in parentheses'],
    ['[a:label]', 0, '[a:label]', 'the qualifier ":label" is not supported'],
    ['[a(1):checked]', 0, '[a(1):checked]', 'the qualifier ":checked" is not supported'],
    ['[a b]', 0, '[a b]', 'field names contain only letters, digits and "_"'],
    ['[a()]', 0, '[a()]', 'empty checkbox code'],
    ['[user-name]', 0, '[user-name]', 'unknown or unsupported smart variable [user-name]'],
    ['[previous-instance]', 0, '[previous-instance]', 'must follow a field'],
    ['[a][0]', 3, '[0]', 'numbered from 1'],
    ['[e][a][b]', 6, '[b]', 'expected a repeat instance number'],
    ['[e][a][1][2]', 9, '[2]', 'too many bracketed parts'],
    ['[bad-event][a]', 0, '[bad-event]', 'invalid event name'],
    ['[first-event-name][a]', 0, '[first-event-name]', 'invalid event name'],
    ['', 0, '', 'the logic is empty'],
    ['  \n ', 4, '', 'the logic is empty'],
  ])('%j', (text, position, near, fragment) => {
    const error = syntaxError(text);
    expect(error.position).toBe(position);
    expect(error.near).toBe(near);
    expect(error.message).toContain(fragment);
    const where =
      near === ''
        ? 'Syntax error at end of logic: '
        : `Syntax error at character ${position + 1} near ${JSON.stringify(near)}: `;
    expect(error.message).toBe(where + error.detail);
  });

  it('counts characters across lines in the position', () => {
    const error = syntaxError('[a] = 1\nand [b] ==\n2');
    expect(error.position).toBe(16);
    expect(error.message.startsWith('Syntax error at character 17 near "==":')).toBe(true);
  });

  it('is an Error with a recognisable name', () => {
    const error = syntaxError('(');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LogicSyntaxError');
  });
});

describe('parseLogic: fuzzing', () => {
  const pieces = [
    '[a]',
    '[b(1)]',
    '[e][a]',
    '(',
    ')',
    ',',
    '"x"',
    "'y'",
    '1',
    '2.5',
    '=',
    '<>',
    '!=',
    '<',
    '<=',
    '>=',
    '>',
    '+',
    '-',
    '*',
    '/',
    '^',
    'and',
    'or',
    'not',
    '!',
    '&&',
    '||',
    'if',
    'sum',
    'round',
    'datediff',
    'today',
    'true',
    'foo',
    ' ',
    '[',
    ']',
    '"',
    "'",
    '==',
    '#',
    '[]',
    '\n',
  ];

  it('either parses or throws LogicSyntaxError for any string of logic pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
        const text = parts.join(parts.length % 2 ? ' ' : '');
        try {
          parseLogic(text);
        } catch (e) {
          expect(e).toBeInstanceOf(LogicSyntaxError);
          const err = e as LogicSyntaxError;
          expect(err.position).toBeGreaterThanOrEqual(0);
          expect(err.position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('either parses or throws LogicSyntaxError for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseLogic(text);
        } catch (e) {
          expect(e).toBeInstanceOf(LogicSyntaxError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('parses its own printed form back to the same tree shape', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
        let printed: string;
        try {
          printed = printLogic(parseLogic(parts.join(' ')));
        } catch {
          return;
        }
        expect(printLogic(parseLogic(printed))).toBe(printed);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseLogic: the fixture projects', () => {
  const root = join(import.meta.dirname, '../fixtures/redcapr');
  const decode = (s: string) =>
    s
      .replace(/&#039;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');

  it('parses every branching logic and calculation, and each field they read exists', () => {
    let count = 0;
    for (const project of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      let xml: string;
      try {
        xml = readFileSync(join(root, project.name, 'project.xml'), 'utf8');
      } catch {
        continue;
      }
      const items = new Set([...xml.matchAll(/<ItemDef OID="([^"]+)"/g)].map((m) => m[1]));
      for (const m of xml.matchAll(/redcap:(?:BranchingLogic|Calculation)="([^"]*)"/g)) {
        const tree = parseLogic(decode(m[1]));
        count++;
        const walk = (n: ReturnType<typeof parseLogic>): void => {
          if (n.kind === 'field') {
            const column = n.code === undefined ? n.field : `${n.field}___${n.code}`;
            expect(items.has(column), `${project.name}: ${column}`).toBe(true);
          }
          if (n.kind === 'unary') walk(n.operand);
          if (n.kind === 'binary') {
            walk(n.left);
            walk(n.right);
          }
          if (n.kind === 'call') n.args.forEach(walk);
        };
        walk(tree);
      }
    }
    expect(count).toBe(172);
  });
});
