import { describe, expect, it } from 'vitest';
import { SeenRowKeys, checkRowKeys, misplacement, misplacementMessage } from '../../src/schema/row-rules.js';
import { LONGITUDINAL, REPEATING_VISITS, mixedSchema } from '../write/projects.js';

const keys = (record: string, event = '', repeatForm = '', instance = '') => ({ record, event, repeatForm, instance });

describe('row rules shared by the server import and the write-back', () => {
  it("refuses a blank record and an unknown event in REDCap's words", () => {
    const s = mixedSchema(LONGITUDINAL);
    expect(checkRowKeys(s, 'record_id', keys('  '), true)).toEqual({
      field: 'record_id',
      value: '',
      message: 'The record ID cannot be blank',
    });
    expect(checkRowKeys(s, 'record_id', keys('1', 'nowhere_arm_1'), true)).toMatchObject({
      field: 'redcap_event_name',
      value: 'nowhere_arm_1',
    });
    expect(checkRowKeys(s, 'record_id', keys(' 1 ', ' baseline_arm_1 '), true)).toEqual({
      record: '1',
      event: 'baseline_arm_1',
      repeatForm: '',
      instance: null,
      repeating: false,
    });
  });

  it('reads instances only where something repeats; "new" only when allowed', () => {
    const s = mixedSchema({ repeating: REPEATING_VISITS });
    expect(checkRowKeys(s, 'record_id', keys('1', '', 'visits', '2'), true)).toMatchObject({
      instance: 2,
      repeating: true,
    });
    expect(checkRowKeys(s, 'record_id', keys('1', '', 'visits', 'new'), true)).toMatchObject({ instance: 'new' });
    expect(checkRowKeys(s, 'record_id', keys('1', '', 'visits', 'new'), false)).toMatchObject({
      field: 'redcap_repeat_instance',
    });
    expect(checkRowKeys(s, 'record_id', keys('1', '', '', '2'), true)).toMatchObject({
      field: 'redcap_repeat_instance',
      value: '2',
    });
    expect(checkRowKeys(s, 'record_id', keys('1', '', 'enrolment', '1'), true)).toMatchObject({
      field: 'redcap_repeat_instrument',
    });
  });

  it('finds a row sent twice, never two "new" instances', () => {
    const s = mixedSchema({ repeating: REPEATING_VISITS });
    const seen = new SeenRowKeys();
    const row = (k: ReturnType<typeof keys>, r: number) => {
      const checked = checkRowKeys(s, 'record_id', k, true);
      if ('message' in checked) throw new Error(checked.message);
      return seen.repeated(checked, r, 'record_id');
    };
    expect(row(keys('1'), 0)).toBeUndefined();
    expect(row(keys('1', '', 'visits', 'new'), 1)).toBeUndefined();
    expect(row(keys('1', '', 'visits', 'new'), 2)).toBeUndefined();
    expect(row(keys('1'), 3)).toMatchObject({ row: 0, problem: { field: 'record_id', value: '1' } });
  });

  it("says why a form's value cannot go on a row", () => {
    const s = mixedSchema(LONGITUDINAL);
    const onRow = { event: 'follow_up_arm_1', repeatForm: '', repeating: false };
    expect(misplacement(s, 'enrolment', onRow)).toBe('not-in-event');
    expect(misplacementMessage('not-in-event', 'age', onRow)).toBe(
      "This field ('age') exists on an instrument that is not designated for the event named 'follow_up_arm_1'",
    );
    expect(misplacement(s, 'enrolment', { ...onRow, event: 'baseline_arm_1' })).toBeNull();
  });
});
