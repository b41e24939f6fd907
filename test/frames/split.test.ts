import { describe, expect, it } from 'vitest';
import { ARM_COLUMN, splitByInstrument } from '../../src/frames/split.js';
import { readRecords } from '../../src/frames/typed-frame.js';
import { buildSchema } from '../../src/schema/schema.js';
import { dictionaryRow } from '../../src/schema/types.js';
import { fixtureText, odmSchema } from './fixtures.js';

describe('splitByInstrument', () => {
  it('gives each repeating instrument its own table with instances, and drops rows without data', () => {
    const frame = readRecords(fixtureText('vignette-repeating', 'data.csv'), odmSchema('vignette-repeating'));
    const tables = splitByInstrument(frame);
    expect([...tables.keys()]).toEqual(['intake', 'blood_pressure', 'laboratory', 'image']);
    const intake = tables.get('intake')!;
    expect(intake.columnNames()).toEqual(['record_id', 'height', 'weight', 'bmi', 'intake_complete']);
    expect(intake.array('record_id')).toEqual(['1', '2']);
    expect(intake.array('bmi')).toEqual([111, 222]);
    const image = tables.get('image')!;
    expect(image.columnNames()).toEqual(['record_id', 'redcap_repeat_instance', 'image_profile', 'image_complete']);
    expect(image.objects()).toEqual([
      { record_id: '1', redcap_repeat_instance: 1, image_profile: 'levon-and-barry.jpg', image_complete: 'Complete' },
      { record_id: '1', redcap_repeat_instance: 2, image_profile: 'mugshot-1.jpg', image_complete: 'Incomplete' },
      { record_id: '2', redcap_repeat_instance: 1, image_profile: 'mugshot-2.jpg', image_complete: 'Complete' },
      { record_id: '2', redcap_repeat_instance: 2, image_profile: 'mugshot-3.jpg', image_complete: 'Unverified' },
      { record_id: '2', redcap_repeat_instance: 3, image_profile: 'mugshot-4.jpg', image_complete: 'Incomplete' },
    ]);
  });

  it('keeps a non-repeating form row that has data and drops the blank ones', () => {
    const frame = readRecords(
      fixtureText('repeating-instruments-sparse', 'data.csv'),
      odmSchema('repeating-instruments-sparse'),
    );
    const tables = splitByInstrument(frame);
    expect(tables.get('demographics')!.array('first_name')).toEqual(['aaa', 'bbb', 'empty 3', 'empty 4', 'empty 5']);
    expect(tables.get('bp')!.array('bp_systolic')).toEqual([110, 111, 112, 114]);
    expect(tables.get('bp')!.array('redcap_repeat_instance')).toEqual([1, 2, 3, 1]);
  });

  it('keys longitudinal tables by record, event, label and arm, only for designated events', () => {
    const schema = odmSchema('longitudinal');
    const frame = readRecords(fixtureText('longitudinal', 'data.csv'), schema, { eventLabels: true });
    const tables = splitByInstrument(frame);
    const demo = tables.get('demographics')!;
    expect(demo.columnNames().slice(0, 4)).toEqual(['study_id', 'redcap_event_name', 'redcap_event_label', ARM_COLUMN]);
    const events = new Set(demo.array('redcap_event_name') as string[]);
    for (const e of events) expect(schema.isFormInEvent('demographics', e)).toBe(true);
    expect(demo.numRows()).toBe(new Set(demo.array('study_id') as string[]).size);
    const arms = (demo.objects() as Record<string, unknown>[]).map((o) => [o.redcap_event_name, o[ARM_COLUMN]]);
    for (const [e, arm] of arms) expect(arm).toBe(schema.event(e as string)!.arm_num);
    for (const [form, table] of tables) {
      for (const e of table.array('redcap_event_name') as string[]) expect(schema.isFormInEvent(form, e)).toBe(true);
    }
  });

  it('handles repeating events: every form of the event takes the instance', () => {
    const event = (unique_event_name: string, event_name: string, event_id: number) => ({
      event_name,
      arm_num: 1,
      unique_event_name,
      custom_event_label: '',
      event_id,
      days_offset: 0,
      offset_min: 0,
      offset_max: 0,
    });
    const schema = buildSchema({
      dictionary: [
        dictionaryRow({ field_name: 'id', form_name: 'enrol', field_type: 'text' }),
        dictionaryRow({
          field_name: 'age',
          form_name: 'enrol',
          field_type: 'text',
          text_validation_type_or_show_slider_number: 'integer',
        }),
        dictionaryRow({
          field_name: 'sbp',
          form_name: 'vitals',
          field_type: 'text',
          text_validation_type_or_show_slider_number: 'integer',
        }),
        dictionaryRow({ field_name: 'drug', form_name: 'meds', field_type: 'text' }),
      ],
      arms: [{ arm_num: 1, name: 'Arm 1' }],
      events: [event('baseline_arm_1', 'Baseline', 1), event('visit_arm_1', 'Visit', 2)],
      mappings: [
        { arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'enrol' },
        { arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'meds' },
        { arm_num: 1, unique_event_name: 'visit_arm_1', form: 'vitals' },
        { arm_num: 1, unique_event_name: 'visit_arm_1', form: 'meds' },
      ],
      // The visit repeats as a whole; meds repeats on its own at baseline.
      repeating: [
        { event_name: 'visit_arm_1', form_name: '', custom_form_label: '' },
        { event_name: 'baseline_arm_1', form_name: 'meds', custom_form_label: '' },
      ],
    });
    const csv =
      'id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,age,enrol_complete,sbp,vitals_complete,drug,meds_complete\n' +
      '1,baseline_arm_1,,,40,2,,,,\n' +
      '1,baseline_arm_1,meds,1,,,,,aspirin,2\n' +
      '1,baseline_arm_1,meds,2,,,,,statin,0\n' +
      '1,visit_arm_1,,1,,,120,2,,0\n' +
      '1,visit_arm_1,,2,,,125,1,metformin,2\n';
    const tables = splitByInstrument(readRecords(csv, schema));
    expect(tables.get('enrol')!.objects()).toEqual([
      { id: '1', redcap_event_name: 'baseline_arm_1', [ARM_COLUMN]: 1, age: 40, enrol_complete: 'Complete' },
    ]);
    expect(tables.get('vitals')!.objects()).toEqual([
      {
        id: '1',
        redcap_event_name: 'visit_arm_1',
        [ARM_COLUMN]: 1,
        redcap_repeat_instance: 1,
        sbp: 120,
        vitals_complete: 'Complete',
      },
      {
        id: '1',
        redcap_event_name: 'visit_arm_1',
        [ARM_COLUMN]: 1,
        redcap_repeat_instance: 2,
        sbp: 125,
        vitals_complete: 'Unverified',
      },
    ]);
    expect(
      tables
        .get('meds')!
        .objects()
        .map((r) => [
          (r as Record<string, unknown>).redcap_event_name,
          (r as Record<string, unknown>).redcap_repeat_instance,
          (r as Record<string, unknown>).drug,
        ]),
    ).toEqual([
      ['baseline_arm_1', 1, 'aspirin'],
      ['baseline_arm_1', 2, 'statin'],
      ['visit_arm_1', 2, 'metformin'],
    ]);
  });

  it('counts a missing-data code as data for its instrument', () => {
    const schema = buildSchema({
      dictionary: [
        dictionaryRow({ field_name: 'id', form_name: 'a', field_type: 'text' }),
        dictionaryRow({
          field_name: 'x',
          form_name: 'b',
          field_type: 'text',
          text_validation_type_or_show_slider_number: 'integer',
        }),
        dictionaryRow({
          field_name: 'c',
          form_name: 'b',
          field_type: 'checkbox',
          select_choices_or_calculations: '1, One',
        }),
      ],
      info: { missing_data_codes: 'NA, Not applicable' },
    });
    const frame = readRecords('id,a_complete,x,c___1,b_complete\n1,0,NA,0,0\n2,0,,0,0\n3,2,,1,0\n', schema);
    const tables = splitByInstrument(frame);
    expect(tables.get('b')!.array('id')).toEqual(['1', '3']);
    expect(tables.get('a')!.array('id')).toEqual(['3']);
  });
});
