import { describe, expect, it } from 'vitest';
import { readRecords } from '../../src/frames/typed-frame.js';
import { frameFileBytes, frameFileFormat, readFrameBytes } from '../../src/write/frame-files.js';
import { tableToImportRows } from '../../src/write/table-to-import.js';
import { mixedSchema } from './projects.js';

const schema = mixedSchema();
const EXPORT = [
  'record_id,name,dob,seen_at,seen_at_s,wake,lap,age,temp,sex,consent,race___1,race___2,race___3,race____99,enrolment_complete',
  '007,"Ann, ""A""",1990-05-01,2024-03-05 14:07,2024-03-05 14:07:09,07:30,01:05,UNK,"36,50",1,1,1,0,1,0,2',
  '8,,NA,,,,,5,,3,0,0,1,0,0,0',
].join('\n');

describe('frame files', () => {
  it('name their format by extension', () => {
    expect(['a.arrow', 'b.CSV', 'c.json', 'd.feather'].map(frameFileFormat)).toEqual(['arrow', 'csv', 'json', 'arrow']);
    expect(() => frameFileFormat('e.xlsx')).toThrow(/\.arrow, \.csv or \.json/);
  });

  for (const checkboxes of ['columns', 'list'] as const) {
    for (const format of ['arrow', 'csv', 'json'] as const) {
      it(`read back as the same import (${format}, checkboxes as ${checkboxes}, another time zone)`, () => {
        const frame = readRecords(EXPORT, schema, { timeZone: 'Pacific/Chatham', checkboxes, choices: 'codes' });
        const direct = tableToImportRows(frame, schema);
        expect(direct.problems).toEqual([]);
        const back = readFrameBytes(frameFileBytes(frame, format), format);
        // Arrow files say their time zone; text files are read on the clock given.
        const again = tableToImportRows(back.table, schema, { ...back.options, timeZone: 'Pacific/Chatham' });
        expect(again.problems).toEqual([]);
        expect(again.rows.toCsv()).toBe(direct.rows.toCsv());
        expect(direct.rows.toObjects()[0]).toMatchObject({
          record_id: '007',
          seen_at: '2024-03-05 14:07',
          age: 'UNK',
          temp: '36,50',
          race___3: '1',
          race____99: '0',
        });
      });
    }
  }

  it('keep numbers REDCap stored in another form (.34, 007) in every format, so they go back as stored', () => {
    const frame = readRecords('record_id,age,weight\n1,007,.34\n2,5,1.50\n3,6,2.5\n', schema);
    expect(frame.numberTexts.length).toBe(3);
    for (const format of ['arrow', 'csv', 'json'] as const) {
      const back = readFrameBytes(frameFileBytes(frame, format), format);
      const rows = tableToImportRows(back.table, schema, back.options).rows;
      expect(rows.toCsv(), format).toBe('record_id,age,weight\n1,007,.34\n2,5,1.50\n3,6,2.5\n');
    }
    // The Arrow file holds numbers, and the stored texts in its metadata.
    const arrow = readFrameBytes(frameFileBytes(frame, 'arrow'), 'arrow');
    expect(arrow.table.get('weight', 0)).toBe(0.34);
    expect([...arrow.options.numberTexts!].map((n) => [n.record, n.field, n.text])).toEqual([
      ['1', 'age', '007'],
      ['1', 'weight', '.34'],
      ['2', 'weight', '1.50'],
    ]);
  });

  it('write text forms a person reads: dates, times, lists, missing codes', () => {
    const frame = readRecords(EXPORT, schema, { checkboxes: 'list' });
    const csv = new TextDecoder().decode(frameFileBytes(frame, 'csv')).split('\n');
    expect(csv[1]).toBe(
      '007,"Ann, ""A""",1990-05-01,2024-03-05 14:07,2024-03-05 14:07:09,07:30,01:05,UNK,36.5,Female,true,Asian | White,Complete',
    );
    const json = JSON.parse(new TextDecoder().decode(frameFileBytes(frame, 'json')));
    expect(json[1]).toMatchObject({
      record_id: '8',
      name: null,
      dob: 'NA',
      age: 5,
      sex: 'Other',
      consent: false,
      race: ['Black'],
      enrolment_complete: 'Incomplete',
    });
  });

  it('keep an empty checkbox list in JSON and Arrow; CSV has no text for it but a blank', () => {
    const frame = readRecords(EXPORT.replace(/\n8,(.*),0,0,1,0,0,0$/, '\n8,$1,0,0,0,0,0,0'), schema, {
      checkboxes: 'list',
    });
    expect(frame.table.get('race', 1)).toEqual([]);
    const options = (format: 'arrow' | 'csv' | 'json') => {
      const back = readFrameBytes(frameFileBytes(frame, format), format);
      return tableToImportRows(back.table, schema, back.options).rows.toObjects()[1].race___1;
    };
    expect([options('arrow'), options('json'), options('csv')]).toEqual(['0', '0', '']);
  });
});
