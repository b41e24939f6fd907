import { describe, expect, it } from 'vitest';
import { LogicSyntaxError } from '../../src/logic/errors.js';
import { tokenize } from '../../src/logic/tokenize.js';

const kinds = (text: string) => tokenize(text).map((t) => `${t.kind}:${t.value}`);

describe('tokenize', () => {
  it('splits fields, operators, numbers, words and punctuation, ending with end', () => {
    expect(kinds('[age]>=18 AND round(1.5,0)<>-2')).toEqual([
      'bracket:age',
      'operator:>=',
      'number:18',
      'word:and',
      'word:round',
      '(:(',
      'number:1.5',
      ',:,',
      'number:0',
      '):)',
      'operator:<>',
      'operator:-',
      'number:2',
      'end:',
    ]);
  });

  it('reads the longest operator first', () => {
    expect(kinds('<= >= <> != == && || < > = ! ^')).toEqual([
      'operator:<=',
      'operator:>=',
      'operator:<>',
      'operator:!=',
      'operator:==',
      'operator:&&',
      'operator:||',
      'operator:<',
      'operator:>',
      'operator:=',
      'operator:!',
      'operator:^',
      'end:',
    ]);
  });

  it('keeps positions and source text for messages', () => {
    const tokens = tokenize('  [a]\n\t= "x y"');
    expect(tokens.map((t) => [t.pos, t.text, t.end])).toEqual([
      [2, '[a]', 5],
      [7, '=', 8],
      [9, '"x y"', 14],
      [14, '', 14],
    ]);
  });

  it('decodes both quote styles, escaped quotes and backslashes, keeping other backslashes', () => {
    const strings = tokenize(`'it\\'s' "say \\"hi\\"" 'a\\\\b' "C:\\path" 'a"b' "a'b"`).filter(
      (t) => t.kind === 'string',
    );
    expect(strings.map((t) => t.value)).toEqual(["it's", 'say "hi"', 'a\\b', 'C:\\path', 'a"b', "a'b"]);
  });

  it('reads numbers with decimals, leading dots and exponents', () => {
    expect(
      tokenize('12 1.5 .25 3. 1e3 2.5E-2')
        .filter((t) => t.kind === 'number')
        .map((t) => Number(t.value)),
    ).toEqual([12, 1.5, 0.25, 3, 1000, 0.025]);
  });

  it('lower-cases words but keeps their spelling in text', () => {
    const [word] = tokenize('DateDiff');
    expect(word).toMatchObject({ kind: 'word', value: 'datediff', text: 'DateDiff' });
  });

  it('ends a number where letters start, so `1and` reads as 1 then and', () => {
    expect(kinds('1and 2OR')).toEqual(['number:1', 'word:and', 'number:2', 'word:or', 'end:']);
  });

  it('treats non-breaking spaces and newlines as spaces', () => {
    expect(kinds('[a]\u00a0=\r\n1')).toEqual(['bracket:a', 'operator:=', 'number:1', 'end:']);
  });

  it.each([
    ['[a] = "abc', 6, 'never closed'],
    ["'abc", 0, 'never closed'],
    ['[a = 1', 0, '"[" is never closed'],
    ['[a [b]', 0, '"[" is never closed'],
    ['a] = 1', 1, 'without a matching "["'],
    ['[a] # 1', 4, 'unexpected character "#"'],
    ['[a] = 1 & 2', 8, 'unexpected character "&"'],
    ['1e999', 0, 'too large'],
    ['[a] = 😀', 6, 'unexpected character "😀"'],
  ])('rejects %j at offset %i', (text, pos, detail) => {
    let error: unknown;
    try {
      tokenize(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LogicSyntaxError);
    expect((error as LogicSyntaxError).position).toBe(pos);
    expect((error as LogicSyntaxError).message).toContain(detail);
  });
});
