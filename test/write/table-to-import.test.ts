import { desc, table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../src/frames/typed-frame.js';
import { tableToImportRows } from '../../src/write/table-to-import.js';
import { leftOutNotice } from '../../src/write/left-out.js';
import { LONGITUDINAL, REPEATING_VISITS, mixedSchema } from './projects.js';

const schema = mixedSchema();
const NOW = new Date('2024-06-01T12:00:00Z');

function convert(
  columns: Record<string, unknown[]>,
  options: Parameters<typeof tableToImportRows>[2] = {},
  s = schema,
) {
  return tableToImportRows(table(columns as never), s, { now: NOW, ...options });
}

function column(result: ReturnType<typeof convert>, name: string): readonly string[] | undefined {
  return result.rows.column(name)?.values;
}

describe('tableToImportRows: values to REDCap text', () => {
  it('writes every kind of field in the form REDCap stores', () => {
    const r = convert({
      record_id: ['007', '8'],
      name: ["O'Brien, Ann", null],
      email: ['ann@example.org', null],
      dob: [new Date(Date.UTC(1980, 0, 31)), '1999-12-31'],
      seen_at: [new Date(Date.UTC(2024, 2, 5, 14, 7, 59)), '2024-03-05 09:00'],
      seen_at_s: [new Date(Date.UTC(2024, 2, 5, 14, 7, 59)), null],
      wake: [7 * 3600 + 30 * 60, '06:15'],
      lap: [125, null],
      age: [42, '43'],
      weight: [1e21, 0.000001],
      height: [180, 172.25],
      temp: [36.5, '37.25'],
      ratio: [0.5, '1,25'],
      sex: ['Female', '2'],
      arm: ['Treatment', 'A'],
      consent: [true, false],
      eligible: ['True', 0],
      race___1: [true, false],
      race____99: [false, true],
      pain: [55, null],
      note: ['two\nlines "quoted"', null],
    });
    expect(r.problems).toEqual([]);
    const rows = r.rows.toObjects();
    expect(rows[0]).toEqual({
      record_id: '007',
      name: "O'Brien, Ann",
      email: 'ann@example.org',
      dob: '1980-01-31',
      seen_at: '2024-03-05 14:07',
      seen_at_s: '2024-03-05 14:07:59',
      wake: '07:30',
      lap: '02:05',
      age: '42',
      weight: '1000000000000000000000',
      height: '180.0',
      temp: '36,50',
      ratio: '0,5',
      sex: '1',
      arm: 'B',
      consent: '1',
      eligible: '1',
      race___1: '1',
      race____99: '0',
      pain: '55',
      note: 'two\nlines "quoted"',
    });
    expect(rows[1]).toMatchObject({
      record_id: '8',
      name: '',
      dob: '1999-12-31',
      seen_at: '2024-03-05 09:00',
      wake: '06:15',
      age: '43',
      weight: '0.000001',
      height: '172.3',
      temp: '37,25',
      ratio: '1,25',
      sex: '2',
      arm: 'A',
      consent: '0',
      eligible: '0',
      race___1: '0',
      race____99: '1',
    });
    // Import columns: the record first, fields in the project's order.
    expect(r.rows.header.slice(0, 3)).toEqual(['record_id', 'name', 'email']);
  });

  it('writes datetimes on the wall clock of the time zone', () => {
    const at = new Date('2024-07-01T12:00:00Z');
    expect(column(convert({ record_id: ['1'], seen_at: [at] }, { timeZone: 'America/New_York' }), 'seen_at')).toEqual([
      '2024-07-01 08:00',
    ]);
    expect(column(convert({ record_id: ['1'], seen_at: [at] }, { timeZone: 'Asia/Kolkata' }), 'seen_at')).toEqual([
      '2024-07-01 17:30',
    ]);
    // A Date made at local midnight in the time zone is that day in a date field.
    const localMidnight = new Date('2024-01-30T23:00:00Z'); // midnight in Berlin
    expect(column(convert({ record_id: ['1'], dob: [localMidnight] }, { timeZone: 'Europe/Berlin' }), 'dob')).toEqual([
      '2024-01-31',
    ]);
  });

  it('turns a checkbox list column into every option of the field', () => {
    const r = convert({ record_id: ['1', '2', '3', '4'], race: [['Asian', 'White'], [], null, ['-99', 'black']] });
    expect(r.problems).toEqual([]);
    expect(r.rows.header).toEqual(['record_id', 'race___1', 'race___2', 'race___3', 'race____99']);
    expect(r.rows.toObjects().map((o) => [o.race___1, o.race___2, o.race___3, o.race____99].join(''))).toEqual([
      '1010',
      '0000',
      '',
      '0101',
    ]);
  });

  it('leaves blanks blank and takes missing-data codes as values', () => {
    const r = convert({ record_id: ['1', '2'], age: [null, 'UNK'], dob: [undefined, 'NA'], sex: [null, 'NA'] });
    expect(r.problems).toEqual([]);
    expect(r.rows.toObjects()).toEqual([
      { record_id: '1', dob: '', age: '', sex: '' },
      { record_id: '2', dob: 'NA', age: 'UNK', sex: 'NA' },
    ]);
  });

  it('reads only the rows a filtered, ordered table shows, in its order', () => {
    const t = table({ record_id: ['1', '2', '3', '4'], age: [10, 20, 30, 40] })
      .filter((d: { age: number }) => d.age > 15)
      .orderby('age')
      .reify();
    const ordered = table({ record_id: ['1', '2', '3', '4'], age: [10, 20, 30, 40] })
      .filter((d: { age: number }) => d.age > 15)
      .orderby((d: { age: number }) => -d.age);
    expect(
      tableToImportRows(t, schema)
        .rows.toObjects()
        .map((o) => o.record_id),
    ).toEqual(['2', '3', '4']);
    expect(
      tableToImportRows(ordered, schema)
        .rows.toObjects()
        .map((o) => o.record_id),
    ).toEqual(['4', '3', '2']);
  });

  it('writes CSV with quotes only where a value needs them', () => {
    const r = convert({
      record_id: ['1', '2'],
      name: ['Ann "A", Lee', 'plain text'],
      temp: [36.5, null],
      seen_at: [new Date(Date.UTC(2024, 0, 1, 8)), null],
    });
    expect(r.rows.toCsv()).toBe(
      'record_id,name,seen_at,temp\n1,"Ann ""A"", Lee",2024-01-01 08:00,"36,50"\n2,plain text,,\n',
    );
    expect(r.rows.toCsv([1])).toBe('record_id,name,seen_at,temp\n2,plain text,,\n');
  });

  it('puts back the missing-data codes a typed frame set aside', () => {
    const csv = 'record_id,age,sex,dob\n1,UNK,NA,2000-01-02\n2,5,1,NA\n';
    const frame = readRecords(csv, schema);
    expect(frame.table.get('age', 0)).toBeNull();
    const r = tableToImportRows(frame, schema, { now: NOW });
    expect(r.problems).toEqual([]);
    expect(r.rows.toCsv()).toBe('record_id,dob,age,sex\n1,2000-01-02,UNK,NA\n2,NA,5,1\n');
  });

  it('puts each missing-data code back on its own record after the table is filtered, sorted and rebuilt', () => {
    const csv = 'record_id,age,sex\n1,UNK,1\n2,5,NA\n3,NA,2\n4,,2\n';
    const frame = readRecords(csv, schema);
    const rebuilt = frame.table
      .filter((d: { record_id: string }) => d.record_id !== '1')
      .orderby(desc('record_id'))
      .reify();
    const r = tableToImportRows({ ...frame, table: rebuilt }, schema);
    expect(r.rows.toObjects()).toEqual([
      { record_id: '4', age: '', sex: '2' },
      { record_id: '3', age: 'NA', sex: '2' },
      { record_id: '2', age: '5', sex: 'NA' },
    ]);
  });

  it("writes numbers back as REDCap stored them while unchanged, in the field's form once changed", () => {
    const csv = 'record_id,age,weight,height\n1,007,.34,1.5\n2,+5,1.50,-0.5\n3,12,2.25,\n';
    const frame = readRecords(csv, schema);
    expect(frame.table.get('weight', 0)).toBe(0.34);
    expect(frame.numberTexts.rows.map((n) => [n.record, n.field, n.text])).toEqual([
      ['1', 'age', '007'],
      ['1', 'weight', '.34'],
      ['2', 'age', '+5'],
      ['2', 'weight', '1.50'],
    ]);
    expect(tableToImportRows(frame, schema, { now: NOW }).rows.toCsv()).toBe(
      'record_id,age,weight,height\n1,007,.34,1.5\n2,+5,1.50,-0.5\n3,12,2.25,\n',
    );
    // Filtered, sorted and rebuilt, each text stays with its record; a changed value takes the field's form.
    const edited = frame.table
      .filter((d: { record_id: string }) => d.record_id !== '3')
      .orderby(desc('record_id'))
      .derive({ weight: (d: { record_id: string; weight: number }) => (d.record_id === '2' ? 1.75 : d.weight) })
      .reify();
    expect(tableToImportRows({ ...frame, table: edited }, schema, { now: NOW }).rows.toObjects()).toEqual([
      { record_id: '2', age: '+5', weight: '1.75', height: '-0.5' },
      { record_id: '1', age: '007', weight: '.34', height: '1.5' },
    ]);
    // Given apart (as an Arrow file's metadata gives them), or not at all.
    const texts = frame.numberTexts.rows.map((n) => ({ ...n, row: -1 }));
    expect(
      tableToImportRows(frame.table, schema, { now: NOW, numberTexts: texts }).rows.column('weight')!.values,
    ).toEqual(['.34', '1.50', '2.25']);
    expect(tableToImportRows(frame.table, schema, { now: NOW }).rows.column('weight')!.values).toEqual([
      '0.34',
      '1.5',
      '2.25',
    ]);
  });

  it("reads a typed frame's choices as the frame shows them, codes or labels", () => {
    const ambiguous = mixedSchema();
    const codes = readRecords('record_id,sex,enrolment_complete\n1,2,2\n', ambiguous, {
      choices: 'codes',
      completeAs: 'codes',
    });
    expect(codes.table.get('sex', 0)).toBe('2');
    expect(tableToImportRows(codes, ambiguous).rows.toObjects()).toEqual([
      { record_id: '1', sex: '2', enrolment_complete: '2' },
    ]);
    const labels = readRecords('record_id,sex,enrolment_complete\n1,2,1\n', ambiguous);
    expect(tableToImportRows(labels, ambiguous).rows.toObjects()).toEqual([
      { record_id: '1', sex: '2', enrolment_complete: '1' },
    ]);
  });

  it('treats NaN as a blank in a Danfo DataFrame (its missing number)', async () => {
    const { loadDanfo } = await import('../../src/frames/danfo.js');
    const { DataFrame } = loadDanfo();
    const df = new DataFrame(
      { record_id: ['1', '2'], age: [NaN, 33] },
      { columns: ['record_id', 'age'], dtypes: ['string', 'float32'] },
    );
    const r = tableToImportRows(df, schema);
    expect(r.problems).toEqual([]);
    expect(r.rows.toObjects()).toEqual([
      { record_id: '1', age: '' },
      { record_id: '2', age: '33' },
    ]);
  });
});

describe('tableToImportRows: problems, all at once', () => {
  const reasons = (r: ReturnType<typeof convert>) => r.problems.map((p) => [p.row, p.field, p.value, p.reason]);

  it('lists every bad value with its row, record, field, value and reason', () => {
    const r = convert({
      record_id: ['1', '2', '3'],
      age: [130, 4.5, NaN],
      weight: [Infinity, '1,5', 2],
      dob: ['31/01/1980', new Date('2024-01-31T10:00:00Z'), '2021-02-30'],
      sex: ['Femme', 'Male', 3],
      email: ['not an email', null, null],
      consent: ['maybe', true, null],
      wake: [90000, null, null],
    });
    expect(r.rows.length).toBe(3);
    const found = reasons(r);
    expect(found).toHaveLength(11);
    expect(r.problems[0]).toMatchObject({
      row: 0,
      record: '1',
      event: null,
      instrument: null,
      instance: null,
      field: 'email',
      value: 'not an email',
    });
    const byCell = new Map(found.map(([row, f, value, reason]) => [`${row}:${f}`, { value, reason: String(reason) }]));
    // Out of range is a warning, in the same shape: REDCap imports the value, and so is it sent.
    expect(byCell.has('0:age')).toBe(false);
    expect(r.warnings).toEqual([
      {
        row: 0,
        record: '1',
        event: null,
        instrument: null,
        instance: null,
        field: 'age',
        value: '130',
        reason: 'The value is outside the allowed range (0 - 120)',
      },
    ]);
    expect(r.rows.column('age')!.values).toEqual(['130', '', '']);
    expect(byCell.get('1:age')?.reason).toMatch(/whole numbers/);
    expect(byCell.get('2:age')?.reason).toMatch(/NaN is not a value/);
    expect(byCell.get('0:weight')?.reason).toMatch(/Infinity/);
    expect(byCell.get('1:weight')?.reason).toMatch(/decimals with a point/);
    expect(byCell.get('0:dob')?.reason).toMatch(/YYYY-MM-DD.*order cannot be guessed/);
    expect(byCell.get('1:dob')?.reason).toMatch(/time of day/);
    expect(byCell.get('2:dob')?.reason).toMatch(/YYYY-MM-DD/);
    expect(byCell.get('0:sex')?.reason).toMatch(/not an option of sex: expected one of 1 \(Female\)/);
    expect(byCell.get('0:consent')?.reason).toMatch(/true\/false/);
    expect(byCell.get('0:wake')?.reason).toMatch(/not a time/);
    // The other cells converted.
    expect(r.rows.column('sex')!.values).toEqual(['', '2', '3']);
  });

  it('leaves out read-only columns, naming them in one line; refuses unknown ones unless dropped', () => {
    const cols = {
      record_id: ['1'],
      bmi: [22.5],
      scan: ['x.pdf'],
      enrolment_timestamp: [new Date()],
      redcap_event_label: ['Baseline'],
      mystery: [1],
      age: [3],
    };
    const r = convert(cols);
    expect(r.problems.map((p) => [p.row, p.field, p.reason])).toEqual([
      [null, 'mystery', expect.stringMatching(/not a field of this project/)],
    ]);
    expect(r.leftOut).toEqual([
      { column: 'bmi', kind: 'calculated' },
      { column: 'scan', kind: 'file' },
      { column: 'enrolment_timestamp', kind: 'survey-timestamp' },
      { column: 'redcap_event_label', kind: 'for-reading' },
    ]);
    expect(leftOutNotice(r.leftOut)).toBe(
      'Left out 1 calculated column the server computes: bmi; 1 file upload column (files go with importFile): scan;' +
        ' 1 survey timestamp REDCap sets: enrolment_timestamp; 1 column added for reading: redcap_event_label. (sendCalculated: true sends calculated values)',
    );
    const dropped = convert(cols, { dropUnknown: true });
    expect(dropped.problems).toEqual([]);
    expect(dropped.dropped).toEqual(['bmi', 'scan', 'enrolment_timestamp', 'redcap_event_label', 'mystery']);
    expect(dropped.rows.header).toEqual(['record_id', 'age']);
    // The older option still works; sendCalculated sends calculated values (REDCap accepts them), and nothing else read-only.
    expect(convert(cols, { dropReadOnly: true, dropUnknown: true }).rows.header).toEqual(['record_id', 'age']);
    const sent = convert(cols, { dropUnknown: true, sendCalculated: true });
    expect(sent.rows.header).toEqual(['record_id', 'age', 'bmi']);
    expect(sent.rows.column('bmi')!.values).toEqual(['22.5']);
    expect(sent.leftOut.map((c) => c.column)).toEqual(['scan', 'enrolment_timestamp', 'redcap_event_label']);
    expect(leftOutNotice(sent.leftOut)).not.toMatch(/calculated/);
  });

  it('needs the record id, refuses blank ids and duplicate keys', () => {
    expect(convert({ age: [1] }).problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(/record id column record_id is missing/),
    ]);
    const r = convert({ record_id: ['1', '', '1', ' 2'], age: [1, 2, 3, 4] });
    expect(reasons(r)).toEqual([
      [1, 'record_id', '', 'The record ID cannot be blank'],
      [
        2,
        'record_id',
        '1',
        'This record, event and instance appear more than once in the imported data (rows 0 and 2)',
      ],
      [3, 'record_id', ' 2', expect.stringMatching(/spaces around it/)],
    ]);
    // An empty table needs nothing.
    expect(convert({}).problems).toEqual([]);
  });

  it("says when a label is also another option's code, unless told which", () => {
    const tricky = mixedSchema();
    const rule = tricky.field('arm')!;
    // `B` is a code; make a label that reads like the other code.
    (rule.choices as { code: string; label: string }[])[1] = { code: 'B', label: 'A' };
    (rule.byCode as Map<string, { code: string; label: string }>).set('B', { code: 'B', label: 'A' });
    const auto = tableToImportRows(table({ record_id: ['1'], arm: ['A'] }), tricky);
    expect(auto.problems[0].reason).toMatch(/ambiguous/);
    expect(
      tableToImportRows(table({ record_id: ['1'], arm: ['A'] }), tricky, { choices: 'codes' }).rows.column('arm')!
        .values,
    ).toEqual(['A']);
    expect(
      tableToImportRows(table({ record_id: ['1'], arm: ['A'] }), tricky, { choices: 'labels' }).rows.column('arm')!
        .values,
    ).toEqual(['B']);
  });

  it('checks events and designations in a longitudinal project', () => {
    const s = mixedSchema(LONGITUDINAL);
    expect(tableToImportRows(table({ record_id: ['1'], age: [3] }), s).problems[0].reason).toMatch(
      /longitudinal: the column redcap_event_name/,
    );
    const r = tableToImportRows(
      table({
        record_id: ['1', '1', '1', '2'],
        redcap_event_name: ['baseline_arm_1', 'follow_up_arm_1', 'nowhere_arm_1', 'baseline_arm_1'],
        age: [30, 31, 32, null],
        race: [null, ['Asian'], null, null],
        score: [1, 2, 3, 4],
      }),
      s,
    );
    expect(reasons(r)).toEqual([
      [
        1,
        'age',
        '31',
        "This field ('age') exists on an instrument that is not designated for the event named 'follow_up_arm_1'; leave it blank on this row",
      ],
      [
        1,
        'race',
        'race___1',
        expect.stringMatching(/^This field \('race'\) exists on an instrument that is not designated/),
      ],
      [2, 'redcap_event_name', 'nowhere_arm_1', "The event name 'nowhere_arm_1' is not a valid unique event name"],
    ]);
    expect(r.problems[0]).toMatchObject({ record: '1', event: 'follow_up_arm_1' });
  });

  it('checks repeat instruments and instances', () => {
    const s = mixedSchema({ repeating: REPEATING_VISITS });
    const r = tableToImportRows(
      table({
        record_id: ['1', '1', '1', '1', '1', '1'],
        redcap_repeat_instrument: [null, 'visits', 'visits', 'enrolment', 'visits', null],
        redcap_repeat_instance: [null, 1, 1, 1, null, 2],
        age: [30, null, null, null, null, null],
        score: [null, 5, 6, null, 7, 8],
      }),
      s,
    );
    expect(reasons(r)).toEqual([
      [
        2,
        'record_id',
        '1',
        'This record, event and instance appear more than once in the imported data (rows 1 and 2)',
      ],
      [
        3,
        'redcap_repeat_instrument',
        'enrolment',
        expect.stringMatching(/^redcap_repeat_instrument must be the unique form name of a Repeating Instrument/),
      ],
      [
        4,
        'redcap_repeat_instance',
        '',
        expect.stringMatching(/^redcap_repeat_instance must be a whole number greater than 0/),
      ],
      [5, 'redcap_repeat_instance', '2', expect.stringMatching(/^redcap_repeat_instance cannot have a value/)],
    ]);
    const noKeys = tableToImportRows(table({ record_id: ['1'], score: [5] }), s);
    expect(noKeys.problems[0].reason).toMatch(
      /^This field \('score'\) is on a repeating instrument: give redcap_repeat_instrument and redcap_repeat_instance/,
    );
    expect(
      tableToImportRows(
        table({ record_id: ['1'], redcap_repeat_instrument: ['visits'], redcap_repeat_instance: ['new'], score: [5] }),
        s,
      ).problems,
    ).toEqual([]);
  });

  it('refuses two columns filling the same import column', () => {
    const r = convert({ record_id: ['1'], race: [['Asian']], race___1: [true] });
    expect(r.problems.map((p) => [p.field, p.reason])).toEqual([
      ['race___1', expect.stringMatching(/race___1, which column race fills too/)],
    ]);
  });
});
