import { describe, expect, test } from 'vitest';
import { isRedcapUsageError } from '../../../src/api/errors.js';
import { sent } from './sent.js';

describe('exportRecords parameters', () => {
  test("every option under REDCap's name, arrays as indexed keys", async () => {
    const { params, result } = await sent(
      (p) =>
        p.exportRecords({
          type: 'eav',
          records: [1, '2'],
          fields: ['age', 'sex'],
          forms: ['demographics'],
          events: ['baseline_arm_1'],
          rawOrLabel: 'label',
          rawOrLabelHeaders: 'label',
          exportCheckboxLabel: true,
          exportSurveyFields: false,
          exportDataAccessGroups: true,
          filterLogic: '[age] > 3',
          dateRangeBegin: new Date(2024, 1, 3, 4, 5, 6),
          dateRangeEnd: '2024-12-31 23:59:59',
          csvDelimiter: 'tab',
          decimalCharacter: ',',
          exportBlankForGrayFormStatus: true,
          batchSize: false,
        }),
      { body: [{ record: '1', field_name: 'age', value: '3' }] },
    );
    expect(params).toEqual({
      content: 'record',
      action: 'export',
      format: 'json',
      type: 'eav',
      'records[0]': '1',
      'records[1]': '2',
      'fields[0]': 'age',
      'fields[1]': 'sex',
      'forms[0]': 'demographics',
      'events[0]': 'baseline_arm_1',
      rawOrLabel: 'label',
      rawOrLabelHeaders: 'label',
      exportCheckboxLabel: 'true',
      exportSurveyFields: 'false',
      exportDataAccessGroups: 'true',
      filterLogic: '[age] > 3',
      dateRangeBegin: '2024-02-03 04:05:06',
      dateRangeEnd: '2024-12-31 23:59:59',
      csvDelimiter: 'tab',
      decimalCharacter: ',',
      exportBlankForGrayFormStatus: 'true',
    });
    expect(result).toEqual([{ record: '1', field_name: 'age', value: '3' }]);
  });

  test("defaults: flat json; csv and xml come back as REDCap's text", async () => {
    const json = await sent((p) => p.exportRecords(), { body: [] });
    expect(json.params).toEqual({ content: 'record', action: 'export', format: 'json', type: 'flat' });
    expect(json.result).toEqual([]);
    const text = 'record_id,age\n1,"3"\n';
    const csv = await sent((p) => p.exportRecords({ format: 'csv' }), {
      body: text,
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.params.format).toBe('csv');
    expect(csv.result).toBe(text);
    const empty = await sent((p) => p.exportRecords(), { body: '' });
    expect(empty.result).toEqual([]);
  });
});

describe('importRecords parameters', () => {
  test("rows go as JSON with the options under REDCap's names", async () => {
    const rows = [{ record_id: '1', age: 3, dob: '2020-01-02' }];
    const { params, result } = await sent(
      (p) =>
        p.importRecords(rows, {
          overwriteBehavior: 'overwrite',
          forceAutoNumber: false,
          dateFormat: 'DMY',
          backgroundProcess: true,
        }),
      { body: { count: 1 } },
    );
    expect(params).toEqual({
      content: 'record',
      action: 'import',
      format: 'json',
      type: 'flat',
      overwriteBehavior: 'overwrite',
      forceAutoNumber: 'false',
      backgroundProcess: 'true',
      dateFormat: 'DMY',
      returnContent: 'count',
      data: JSON.stringify(rows),
    });
    expect(result).toEqual({ count: 1 });
  });

  test('text goes as csv unless told otherwise; counts may come bare', async () => {
    const csv = await sent((p) => p.importRecords('record_id;age\n1;3\n', { csvDelimiter: ';' }), {
      body: '1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(csv.params).toMatchObject({ format: 'csv', csvDelimiter: ';', data: 'record_id;age\n1;3\n' });
    expect(csv.result).toEqual({ count: 1 });
    const xml = await sent((p) => p.importRecords('<records/>', { format: 'xml' }), {
      body: '<count>0</count>',
      headers: { 'content-type': 'text/xml' },
    });
    expect(xml.params.format).toBe('xml');
    expect(xml.result).toEqual({ count: 0 });
  });

  test('ids and auto ids', async () => {
    expect(
      (await sent((p) => p.importRecords([{ record_id: '1' }], { returnContent: 'ids' }), { body: ['1'] })).result,
    ).toEqual(['1']);
    const auto = await sent(
      (p) => p.importRecords([{ record_id: 'x' }], { returnContent: 'auto_ids', forceAutoNumber: true }),
      { body: ['21,x'] },
    );
    expect(auto.params).toMatchObject({ returnContent: 'auto_ids', forceAutoNumber: 'true' });
    expect(auto.result).toEqual([{ id: '21', sentId: 'x' }]);
  });
});

describe('deleteRecords, renameRecord, generateNextRecordName, randomizeRecord', () => {
  test('deleteRecords', async () => {
    const { params, result } = await sent(
      (p) =>
        p.deleteRecords(['1', 2], {
          arm: 2,
          instrument: 'visit',
          event: 'v1_arm_2',
          repeatInstance: 3,
          deleteLogging: true,
        }),
      { body: '2' },
    );
    expect(params).toEqual({
      content: 'record',
      action: 'delete',
      format: 'json',
      'records[0]': '1',
      'records[1]': '2',
      arm: '2',
      instrument: 'visit',
      event: 'v1_arm_2',
      repeat_instance: '3',
      delete_logging: '1',
    });
    expect(result).toBe(2);
  });

  test('deleting no records sends nothing', async () => {
    const { project, close, requests } = await import('../mock-redcap.js').then((m) => m.mockRedcap());
    expect(await project.deleteRecords([])).toBe(0);
    expect(requests).toHaveLength(0);
    await close();
  });

  test('renameRecord', async () => {
    const { params, result } = await sent((p) => p.renameRecord('1', 'A-1', { arm: 1 }), { body: '1' });
    expect(params).toEqual({
      content: 'record',
      action: 'rename',
      format: 'json',
      record: '1',
      new_record_name: 'A-1',
      arm: '1',
    });
    expect(result).toBeUndefined();
    await expect(sent((p) => p.renameRecord('1', ''))).rejects.toSatisfy(isRedcapUsageError);
  });

  test('generateNextRecordName', async () => {
    const plain = await sent((p) => p.generateNextRecordName(), {
      body: '20-1',
      headers: { 'content-type': 'text/html' },
    });
    expect(plain.params).toEqual({ content: 'generateNextRecordName', format: 'json' });
    expect(plain.result).toBe('20-1');
    expect((await sent((p) => p.generateNextRecordName(), { body: '"3"' })).result).toBe('3');
  });

  test('randomizeRecord', async () => {
    const answer = { randomization_id: 7, record: '5', target_field: '2', target_field_alt: 'B' };
    const { params, result } = await sent((p) => p.randomizeRecord(5, 7, { returnAlt: true }), { body: answer });
    expect(params).toEqual({
      content: 'record',
      action: 'randomize',
      format: 'json',
      record: '5',
      randomization_id: '7',
      returnAlt: 'true',
    });
    expect(result).toEqual(answer);
  });
});

describe("import answers in the data's format", () => {
  test('csv ids and auto ids, xml counts', async () => {
    const ids = await sent((p) => p.importRecords('record_id\n1\n2\n', { returnContent: 'ids' }), {
      body: 'id\n1\n2\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(ids.result).toEqual(['1', '2']);
    const auto = await sent(
      (p) => p.importRecords('record_id\nx\n', { returnContent: 'auto_ids', forceAutoNumber: true }),
      { body: 'id\n21,x\n', headers: { 'content-type': 'text/csv' } },
    );
    expect(auto.result).toEqual([{ id: '21', sentId: 'x' }]);
    const xmlIds = await sent((p) => p.importRecords('<records/>', { format: 'xml', returnContent: 'ids' }), {
      body: '<?xml version="1.0" encoding="UTF-8" ?>\n<ids><id>7</id></ids>\n',
      headers: { 'content-type': 'text/xml' },
    });
    expect(xmlIds.result).toEqual(['7']);
  });
});
