import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/formats/csv.js';
import { resolveOptions } from '../../src/frames/options.js';
import { readCsvFast } from '../../src/frames/read-csv-fast.js';
import { readColumns, readRecords } from '../../src/frames/typed-frame.js';
import { buildSchema } from '../../src/schema/schema.js';
import { dictionaryRow } from '../../src/schema/types.js';
import { plainColumns, plainProblems, plainRows } from './compare.js';
import { fixtureSchema, fixtureText, odmSchema, projectsWithData } from './fixtures.js';

const encode = (s: string) => new TextEncoder().encode(s);

/** A JSON export of the same rows as a CSV export (instance as a number, as REDCap sends it). */
function csvToJson(csv: string): string {
  const { rows } = parseCsv(csv);
  return JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = { ...r };
      if (o.redcap_repeat_instance !== undefined && o.redcap_repeat_instance !== '')
        o.redcap_repeat_instance = Number(o.redcap_repeat_instance);
      return o;
    }),
  );
}

describe('every fixture: fast reader = generic reader', () => {
  for (const project of projectsWithData()) {
    it(project, () => {
      const schema = odmSchema(project);
      const csv = fixtureText(project, 'data.csv');
      const opts = resolveOptions({});
      const generic = readColumns(csv, schema, { ...opts, reader: 'generic' });
      const expected = { columns: plainColumns(generic), problems: plainProblems(generic) };
      const fromBytes = readColumns(encode(csv), schema, opts);
      expect({ columns: plainColumns(fromBytes), problems: plainProblems(fromBytes) }).toEqual(expected);
      const fromText = readColumns(csv, schema, opts);
      expect({ columns: plainColumns(fromText), problems: plainProblems(fromText) }).toEqual(expected);
      // Tiny chunks: rows cut at every possible place are read again whole.
      const chunked = readCsvFast(encode(csv), schema, opts, 7);
      expect({ columns: plainColumns(chunked), problems: plainProblems(chunked) }).toEqual(expected);
      if (generic.rows > 0) {
        const json = readColumns(csvToJson(csv), schema, opts);
        expect(plainColumns(json)).toEqual(expected.columns);
        expect(plainProblems(json)).toEqual(expected.problems);
      }
    });
  }
});

describe('column types on real exports', () => {
  it('reads comma decimals as numbers whatever the separator', () => {
    const frame = readRecords(fixtureText('decimal-comma', 'data.csv'), fixtureSchema('decimal-comma'));
    expect(frame.table.array('height')).toEqual([1.54, 1.84, 1.95, 1.61]);
    expect(frame.table.array('weight')).toEqual([52.3, 92.3, 123.4, 45.9]);
    expect(frame.table.array('bmi')).toEqual([22.1, 27.3, 32.5, 17.7]);
    const both = readRecords(fixtureText('decimal-comma-and-dot', 'data.csv'), fixtureSchema('decimal-comma-and-dot'));
    expect(both.table.array('height_comma')).toEqual(both.table.array('height_dot'));
    expect(both.table.array('weight_comma')).toEqual(both.table.array('weight_dot'));
    expect(both.invalid.length).toBe(0);
  });

  it('keeps record ids as text, leading zeros and letters alike', () => {
    const schema = buildSchema({
      dictionary: [dictionaryRow({ field_name: 'record_id', form_name: 'f', field_type: 'text' })],
    });
    const frame = readRecords('record_id,f_complete\n007,2\n0010,0\n', schema);
    expect(frame.table.array('record_id')).toEqual(['007', '0010']);
    const letters = readRecords(fixtureText('nonnumeric-record-id', 'data.csv'), fixtureSchema('nonnumeric-record-id'));
    expect(letters.table.array('record_id')).toEqual(['a', 'b', 'c']);
    expect(letters.table.array('demographics_complete')).toEqual(['Incomplete', 'Complete', 'Incomplete']);
  });

  it('reads checkboxes as one boolean column per option, or as lists of labels', () => {
    const schema = fixtureSchema('checkboxes-1');
    const csv = fixtureText('checkboxes-1', 'data.csv');
    const frame = readRecords(csv, schema);
    expect(frame.table.array('check_two___c')).toEqual([true, false, false, false]);
    expect(frame.columns.find((c) => c.name === 'check_two___c')).toMatchObject({
      type: 'boolean',
      field: 'check_two',
      code: 'c',
    });
    const lists = readRecords(csv, schema, { checkboxes: 'list' });
    expect(lists.table.columnNames()).toEqual([
      'record_id',
      'form_1_complete',
      'check_one',
      'check_two',
      'desired_result',
      'form_2_complete',
    ]);
    expect(lists.table.array('check_one')).toEqual([['one'], [], ['one', 'two', 'three', 'four'], []]);
    expect(lists.table.array('check_two')).toEqual([['A', 'C'], ['B', 'D'], [], []]);
    expect(lists.columns.find((c) => c.name === 'check_two')).toMatchObject({
      type: 'list',
      levels: ['A', 'B', 'C', 'D', 'E'],
    });
    const codes = readRecords(csv, schema, { checkboxes: 'list', choices: 'codes' });
    expect(codes.table.array('check_two')[0]).toEqual(['a', 'c']);
  });

  it('names checkbox columns of negative and odd codes as REDCap does', () => {
    const schema = buildSchema({
      dictionary: [
        dictionaryRow({ field_name: 'id', form_name: 'f', field_type: 'text' }),
        dictionaryRow({
          field_name: 'race',
          form_name: 'f',
          field_type: 'checkbox',
          select_choices_or_calculations: '1, White | -99, Unknown | A.b, Other',
        }),
      ],
    });
    const frame = readRecords('id,race___1,race____99,race___a_b,f_complete\n1,0,1,0,2\n2,1,0,1,1\n', schema);
    expect(frame.table.array('race____99')).toEqual([true, false]);
    expect(frame.table.array('race___a_b')).toEqual([false, true]);
    expect(
      readRecords('id,race___1,race____99,race___a_b,f_complete\n1,0,1,0,2\n', schema, {
        checkboxes: 'list',
      }).table.array('race'),
    ).toEqual([['Unknown']]);
  });

  it('types the REDCap field types and validations', () => {
    const d = (field_name: string, field_type: string, v = '', choices = '') =>
      dictionaryRow({
        field_name,
        form_name: 'f',
        field_type,
        text_validation_type_or_show_slider_number: v,
        select_choices_or_calculations: choices,
      });
    const schema = buildSchema({
      dictionary: [
        d('id', 'text'),
        d('dob', 'text', 'date_dmy'),
        d('seen', 'text', 'datetime_ymd'),
        d('seen_s', 'text', 'datetime_seconds_mdy'),
        d('t', 'text', 'time'),
        d('lap', 'text', 'time_mm_ss'),
        d('n', 'text', 'integer'),
        d('x', 'text', 'number_2dp_comma_decimal'),
        d('ok', 'yesno'),
        d('tf', 'truefalse'),
        d('col', 'radio', '', '1, Red | 2, Green'),
        d('size', 'dropdown', '', 'S, Small | L, Large'),
        d('sl', 'slider'),
        d('calc', 'calc', '', '[n]*2'),
        d('doc', 'file'),
        d('mail', 'text', 'email'),
        d('q', 'sql', '', 'select 1'),
      ],
    });
    const csv =
      'id,dob,seen,seen_s,t,lap,n,x,ok,tf,col,size,sl,calc,doc,mail,q,f_complete\n' +
      '1,2024-02-29,"2024-03-01 08:05","2024-03-01 08:05:09",23:59,59:59,-12,"3,25",1,0,2,L,100,-24,scan.pdf,a@b.org,zz,2\n' +
      '2,,,,,,,,,,,,,,,,,\n';
    const frame = readRecords(csv, schema);
    const [row, blank] = plainRows(frame);
    expect(row).toEqual({
      id: '1',
      dob: '2024-02-29T00:00:00.000Z',
      seen: '2024-03-01T08:05:00.000Z',
      seen_s: '2024-03-01T08:05:09.000Z',
      t: 86340,
      lap: 3599,
      n: -12,
      x: 3.25,
      ok: true,
      tf: false,
      col: 'Green',
      size: 'Large',
      sl: 100,
      calc: -24,
      doc: 'scan.pdf',
      mail: 'a@b.org',
      q: 'zz',
      f_complete: 'Complete',
    });
    expect(Object.entries(blank).filter(([k, v]) => k !== 'id' && v !== null)).toEqual([]);
    expect(frame.table.get('dob', 0)).toBeInstanceOf(Date);
    const codes = readRecords(csv, schema, { choices: 'codes', completeAs: 'codes' });
    expect(plainRows(codes)[0]).toMatchObject({ col: '2', size: 'L', f_complete: '2', ok: true });
    expect(frame.columns.find((c) => c.name === 'col')!.levels).toEqual(['Red', 'Green']);
  });

  it('reads datetimes as wall-clock times in the chosen time zone', () => {
    const schema = buildSchema({
      dictionary: [
        dictionaryRow({ field_name: 'id', form_name: 'f', field_type: 'text' }),
        dictionaryRow({
          field_name: 'at',
          form_name: 'f',
          field_type: 'text',
          text_validation_type_or_show_slider_number: 'datetime_seconds_ymd',
        }),
      ],
    });
    const csv = 'id,at\n1,"2024-07-01 09:30:00"\n2,"2024-01-15 09:30:00"\n';
    for (const reader of ['fast', 'generic'] as const) {
      const frame = readRecords(csv, schema, { timeZone: 'America/New_York', reader });
      expect(Array.from(frame.table.array('at') as ArrayLike<Date>, (d) => d.toISOString())).toEqual([
        '2024-07-01T13:30:00.000Z',
        '2024-01-15T14:30:00.000Z',
      ]);
    }
  });

  it('reads repeating instruments with integer instances', () => {
    const frame = readRecords(fixtureText('repeating-instruments', 'data.csv'), odmSchema('repeating-instruments'));
    expect(frame.table.array('redcap_repeat_instance')).toEqual([null, 1, 2, 3, null, 1]);
    expect(frame.table.array('redcap_repeat_instrument')).toEqual([null, 'bp', 'bp', 'bp', null, 'bp']);
    expect(frame.table.array('bp_systolic')).toEqual([null, 110, 111, 112, null, 114]);
  });

  it('reads survey timestamps as dates and "[not completed]" as null', () => {
    const frame = readRecords(fixtureText('survey', 'data.csv'), odmSchema('survey'));
    expect(frame.table.get('prescreening_survey_timestamp', 0)).toEqual(new Date('2018-03-06T15:52:43Z'));
    expect(frame.table.array('participant_morale_questionnaire_timestamp')).toEqual([null, null]);
    expect(frame.invalid.length).toBe(0);
  });

  it('adds event labels on request and keeps DAGs as text', () => {
    const frame = readRecords(fixtureText('longitudinal', 'data.csv'), odmSchema('longitudinal'), {
      eventLabels: true,
    });
    const names = frame.table.columnNames();
    expect(names.slice(0, 3)).toEqual(['study_id', 'redcap_event_name', 'redcap_event_label']);
    expect(frame.table.get('redcap_event_name', 0)).toBe('enrollment_arm_1');
    expect(frame.table.get('redcap_event_label', 0)).toBe('Enrollment');
    const dag = readRecords(fixtureText('dag', 'data.csv'), odmSchema('dag'));
    expect(dag.table.array('redcap_data_access_group')).toEqual(['daga', 'daga', 'dagb']);
    expect(dag.table.array('record_id')).toEqual(['331-1', '331-2', '332-3']);
  });
});

describe('invalid values and missing-data codes', () => {
  it('lists values that fail validation with their keys, and never drops a row', () => {
    const frame = readRecords(
      fixtureText('potentially-problematic-values', 'data.csv'),
      fixtureSchema('potentially-problematic-values'),
    );
    expect(frame.table.numRows()).toBe(2);
    expect(frame.table.array('time_1')).toEqual(['2010-01-02', '55:02']);
    expect(frame.table.array('date_before_validation')).toEqual([null, null]);
    expect(frame.invalid.rows.map((r) => [r.record, r.field, r.value])).toEqual([
      ['1', 'date_before_validation', 'before validation 1'],
      ['1', 'integer_before_validation', 'before validation 1'],
      ['2', 'date_before_validation', 'before validation 2'],
      ['2', 'integer_before_validation', 'before validation 1'],
    ]);
    expect(frame.invalid.rows[0].reason).toMatch(/expected format/);
    const html = frame.invalid.toHTML();
    expect(html).toContain('<table>');
    expect(html).toContain('<td>before validation 1</td>');
  });

  it('turns missing-data codes into null and reports them', () => {
    const schema = buildSchema({
      dictionary: [
        dictionaryRow({ field_name: 'id', form_name: 'f', field_type: 'text' }),
        dictionaryRow({
          field_name: 'age',
          form_name: 'f',
          field_type: 'text',
          text_validation_type_or_show_slider_number: 'integer',
        }),
        dictionaryRow({ field_name: 'name', form_name: 'f', field_type: 'text' }),
        dictionaryRow({
          field_name: 'col',
          form_name: 'f',
          field_type: 'radio',
          select_choices_or_calculations: '1, Red | -99, Not sure',
        }),
        dictionaryRow({
          field_name: 'dx',
          form_name: 'f',
          field_type: 'checkbox',
          select_choices_or_calculations: '1, Flu | 2, Cold',
        }),
      ],
      info: { missing_data_codes: 'UNK, Unknown | -99, Not asked' },
    });
    const csv =
      'id,age,name,col,dx___1,dx___2,dx___unk,f_complete\n1,UNK,UNK,-99,0,0,1,0\n2,-99,Ann,1,1,0,0,2\n3,"1,5",Bo,7,1,1,0,1\n';
    for (const reader of ['fast', 'generic'] as const) {
      const frame = readRecords(encode(csv), schema, { reader });
      expect(frame.table.array('age')).toEqual([null, null, null]);
      expect(frame.table.array('name')).toEqual([null, 'Ann', 'Bo']);
      // A code that is also a choice is the choice.
      expect(frame.table.array('col')).toEqual(['Not sure', 'Red', null]);
      expect(frame.table.array('dx___unk')).toEqual([true, false, false]);
      expect(frame.missing.rows.map((r) => [r.record, r.field, r.code, r.label])).toEqual([
        ['1', 'age', 'UNK', 'Unknown'],
        ['1', 'name', 'UNK', 'Unknown'],
        ['1', 'dx', 'UNK', 'Unknown'],
        ['2', 'age', '-99', 'Not asked'],
      ]);
      expect(frame.invalid.rows.map((r) => [r.record, r.field, r.value])).toEqual([
        ['3', 'age', '1,5'],
        ['3', 'col', '7'],
      ]);
    }
  });

  it('reads fputcsv quoting, line breaks and UTF-8 inside values', () => {
    const schema = buildSchema({
      dictionary: [
        dictionaryRow({ field_name: 'id', form_name: 'f', field_type: 'text' }),
        dictionaryRow({ field_name: 'note', form_name: 'f', field_type: 'notes' }),
        dictionaryRow({
          field_name: 'w',
          form_name: 'f',
          field_type: 'text',
          text_validation_type_or_show_slider_number: 'number',
        }),
      ],
    });
    const csv = '\ufeffid,note,w\r\n1,"He said ""hi"", then\nleft",2.5\r\n2,"Дом, милый дом","3"\r\n3,Zoë,\r\n';
    const frame = readRecords(encode(csv), schema);
    expect(frame.table.array('note')).toEqual(['He said "hi", then\nleft', 'Дом, милый дом', 'Zoë']);
    expect(frame.table.array('w')).toEqual([2.5, 3, null]);
  });

  it('keeps columns the schema does not know as text, and repeated headers apart', () => {
    const schema = fixtureSchema('nonnumeric-record-id');
    const frame = readRecords('record_id,name,extra,name\na,Amanda,7,Again\n', schema);
    expect(frame.table.columnNames()).toEqual(['record_id', 'name', 'extra', 'name__2']);
    expect(plainRows(frame)).toEqual([{ record_id: 'a', name: 'Amanda', extra: '7', name__2: 'Again' }]);
    expect(frame.columns.find((c) => c.name === 'extra')).toMatchObject({ role: 'unknown', type: 'text' });
    const russian = readRecords(fixtureText('russian', 'data.csv'), odmSchema('russian'));
    expect(russian.table.numRows()).toBe(3);
    expect(russian.columns[0]).toMatchObject({ name: '', role: 'unknown' });
    expect(russian.columns[1]).toMatchObject({ name: 'record_id', role: 'record' });
  });

  it('reads the delimiters REDCap offers', () => {
    const schema = fixtureSchema('decimal-comma');
    const rows = [
      ['record_id', 'name', 'height', 'weight', 'bmi', 'demographics_complete'],
      ['1', 'Valdez', '1,54', '52,3', '22.1', '2'],
    ];
    for (const delimiter of ['\t', ';', '|', '^']) {
      const text = rows
        .map((r) => r.map((c) => (c.includes(',') && delimiter === ',' ? `"${c}"` : c)).join(delimiter))
        .join('\n');
      for (const reader of ['fast', 'generic'] as const) {
        const frame = readRecords(encode(text), schema, { delimiter, reader });
        expect(plainRows(frame), `${JSON.stringify(delimiter)} ${reader}`).toEqual([
          { record_id: '1', name: 'Valdez', height: 1.54, weight: 52.3, bmi: 22.1, demographics_complete: 'Complete' },
        ]);
      }
    }
  });

  it('takes JSON exports as text or bytes', () => {
    const schema = fixtureSchema('decimal-comma');
    const json =
      '[{"record_id":"1","name":"Valdez","height":"1,54","weight":"52,3","bmi":"22.1","demographics_complete":"2"}]';
    for (const data of [json, encode(json)]) {
      const frame = readRecords(data, schema);
      expect(plainRows(frame)).toEqual([
        { record_id: '1', name: 'Valdez', height: 1.54, weight: 52.3, bmi: 22.1, demographics_complete: 'Complete' },
      ]);
    }
    expect(() => readRecords('{"a":1}', schema, { format: 'json' })).toThrow(/array of objects/);
    expect(readRecords('[]', schema).table.numRows()).toBe(0);
    expect(readRecords('', schema).table.numRows()).toBe(0);
  });
});
