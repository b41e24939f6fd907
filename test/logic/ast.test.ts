import { describe, expect, it } from 'vitest';
import { printLogic, type LogicNode } from '../../src/logic/ast.js';
import { parseLogic } from '../../src/logic/parse.js';

describe('printLogic', () => {
  it('prints every kind of node in a form that parses back to the same tree', () => {
    const nodes: [LogicNode, string][] = [
      [{ kind: 'number', value: 2.5, pos: 0 }, '2.5'],
      [{ kind: 'number', value: -3, pos: 0 }, '(-3)'],
      [{ kind: 'number', value: 1e21, pos: 0 }, '1e+21'],
      [{ kind: 'string', value: 'say "hi" \\ bye', pos: 0 }, '"say \\"hi\\" \\\\ bye"'],
      [{ kind: 'boolean', value: false, pos: 0 }, 'false'],
      [{ kind: 'field', field: 'f', event: 'e_arm_1', code: '-99', instance: 2, pos: 0 }, '[e_arm_1][f(-99)][2]'],
      [
        { kind: 'field', field: 'f', currentEvent: true, instance: 'previous', pos: 0 },
        '[event-name][f][previous-instance]',
      ],
      [{ kind: 'smart', name: 'record-dag-name', pos: 0 }, '[record-dag-name]'],
      [{ kind: 'unary', op: 'not', operand: { kind: 'boolean', value: true, pos: 0 }, pos: 0 }, '(not true)'],
      [{ kind: 'unary', op: '-', operand: { kind: 'field', field: 'a', pos: 0 }, pos: 0 }, '(-[a])'],
      [
        {
          kind: 'binary',
          op: '<>',
          left: { kind: 'field', field: 'a', pos: 0 },
          right: { kind: 'string', value: '', pos: 0 },
          pos: 0,
        },
        '([a] <> "")',
      ],
      [
        {
          kind: 'call',
          name: 'concat',
          args: [
            { kind: 'number', value: 1, pos: 0 },
            { kind: 'string', value: 'x', pos: 0 },
          ],
          pos: 0,
        },
        'concat(1, "x")',
      ],
    ];
    for (const [node, text] of nodes) {
      expect(printLogic(node)).toBe(text);
      expect(printLogic(parseLogic(text))).toBe(text);
    }
  });

  it('keeps the value of a printed negative number', () => {
    const printed = printLogic({ kind: 'number', value: -3, pos: 0 });
    expect(parseLogic(printed)).toMatchObject({ kind: 'unary', op: '-', operand: { kind: 'number', value: 3 } });
  });
});
