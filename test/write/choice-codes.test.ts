import { describe, expect, it } from 'vitest';
import { compileField } from '../../src/values/field-rule.js';
import { ChoiceCodes } from '../../src/write/choice-codes.js';
import { field } from './projects.js';

const rule = compileField(
  field('f', 'form', 'radio', { select_choices_or_calculations: '1, 2 | 2, 1 | 3, Three | 4, three' }),
);

describe('ChoiceCodes', () => {
  it('takes codes and labels (exact first, then any case, then trimmed)', () => {
    const codes = new ChoiceCodes(rule, 'auto');
    expect(codes.match('Three')).toEqual({ code: '3' });
    expect(codes.match('three')).toEqual({ code: '4' });
    expect(codes.match('THREE')).toEqual({ code: '3' });
    expect(codes.match(' 3 ')).toEqual({ code: '3' });
    expect(codes.match('4')).toEqual({ code: '4' });
  });

  it("refuses to guess between a code and another option's label unless told", () => {
    expect(new ChoiceCodes(rule, 'auto').match('1')).toEqual({
      reason: expect.stringMatching(/ambiguous: "1" is the code of option "2" and the label of option 2/),
    });
    expect(new ChoiceCodes(rule, 'codes').match('1')).toEqual({ code: '1' });
    expect(new ChoiceCodes(rule, 'labels').match('1')).toEqual({ code: '2' });
  });

  it('names the options when a value is none of them', () => {
    expect(new ChoiceCodes(rule).match('Four')).toEqual({
      reason: 'not an option of f: expected one of 1 (2), 2 (1), 3 (Three), 4 (three)',
    });
  });
});
