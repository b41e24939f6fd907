/**
 * Batched record exports through a Project, against MockAgent answers that
 * behave like REDCap's record export (rows ordered by record, then event,
 * whatever order the records were asked in).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { batchedExport } from '../../src/api/batch-export.js';
import { isRedcapApiError } from '../../src/api/errors.js';
import type { ProgressEvent } from '../../src/api/types/common.js';
import { csvLine } from '../../src/formats/csv.js';
import { arrayParam, mockRedcap, type MockRedcap, type Reply, type SeenRequest } from './mock-redcap.js';

type Row = Record<string, string | number>;

// REDCap's record order: numeric ids sort as numbers (10 after 9).
const IDS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'];
const EVENTS = ['baseline_arm_1', 'followup_arm_1'];
const COLUMNS = [
  'record_id',
  'redcap_event_name',
  'redcap_repeat_instrument',
  'redcap_repeat_instance',
  'age',
  'notes',
];

function allRows(): Row[] {
  const rows: Row[] = [];
  for (const id of IDS) {
    for (const event of EVENTS) {
      rows.push({
        record_id: id,
        redcap_event_name: event,
        redcap_repeat_instrument: '',
        redcap_repeat_instance: '',
        age: String(20 + Number(id)),
        notes: `note ${id}, "quoted"\nsecond line`,
      });
      if (Number(id) % 3 === 0 && event === 'followup_arm_1') {
        for (const n of [1, 2])
          rows.push({
            record_id: id,
            redcap_event_name: event,
            redcap_repeat_instrument: 'visit',
            redcap_repeat_instance: n,
            age: '',
            notes: `visit ${n}`,
          });
      }
    }
  }
  return rows;
}

function csv(rows: Row[], header = COLUMNS): string {
  return rows.length === 0
    ? ''
    : csvLine(header) + rows.map((r) => csvLine(header.map((h) => String(r[h] ?? '')))).join('');
}

function xml(rows: Row[]): string {
  const items = rows.map(
    (r) => `<item>${COLUMNS.map((c) => `<${c}><![CDATA[${r[c] ?? ''}]]></${c}>`).join('')}</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<records>\n${items.map((i) => `${i}\n`).join('')}</records>`;
}

/** A REDCap-like answer to metadata and record exports. */
function redcapLike(req: SeenRequest, filter: (row: Row) => boolean = () => true): Reply {
  const p = req.params;
  if (p.content === 'metadata') return { body: [{ field_name: 'record_id', form_name: 'demographics' }] };
  if (p.content !== 'record')
    return { status: 400, body: { error: 'The value of the parameter "content" is not valid' } };
  const wanted = new Set(arrayParam(req, 'records'));
  const fields = arrayParam(req, 'fields');
  let rows = allRows().filter((r) => (wanted.size === 0 || wanted.has(String(r.record_id))) && filter(r));
  if (fields.length === 1 && fields[0] === 'record_id') {
    rows = rows.map((r) => ({
      record_id: r.record_id,
      redcap_event_name: r.redcap_event_name,
      redcap_repeat_instrument: r.redcap_repeat_instrument,
      redcap_repeat_instance: r.redcap_repeat_instance,
    }));
  }
  if (p.format === 'csv') return { body: csv(rows), headers: { 'content-type': 'text/csv; charset=utf-8' } };
  if (p.format === 'xml') return { body: xml(rows), headers: { 'content-type': 'text/xml' } };
  return { body: rows };
}

let mock: MockRedcap | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const recordRequests = (m: MockRedcap) => m.requests.filter((r) => r.params.content === 'record');
const isIdRead = (r: SeenRequest) => arrayParam(r, 'fields').join() === 'record_id';

describe('batched record export', () => {
  test.each(['json', 'csv', 'xml'] as const)(
    '%s: identical to one export, header once, records never split',
    async (format) => {
      mock = mockRedcap({ batchSize: 3, concurrency: 2 });
      mock.handle((req) => redcapLike(req));
      const single = await mock.project.exportRecords({ format, batchSize: false });
      const before = mock.requests.length;
      const batched = await mock.project.exportRecords({ format });
      expect(batched).toEqual(single);
      if (format === 'csv') {
        expect(single).toBe(csv(allRows()));
        expect((batched as string).split('record_id,redcap_event_name').length - 1).toBe(1);
      }
      if (format === 'json') expect(batched).toEqual(allRows());

      const sent = mock.requests.slice(before);
      expect(sent.map((r) => r.params.content)).toEqual(['metadata', 'record', 'record', 'record', 'record', 'record']);
      expect(isIdRead(sent[1])).toBe(true);
      expect(sent[1].params.format).toBe('csv');
      const batches = sent.slice(2).map((r) => arrayParam(r, 'records'));
      expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 2]);
      expect(batches.flat()).toEqual(IDS);
      for (const r of sent.slice(2)) expect(r.params.format).toBe(format);
    },
  );

  test('the concurrency limit is observed and reached', async () => {
    mock = mockRedcap({ batchSize: 2, concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    mock.handle((req) => {
      const reply = redcapLike(req);
      if (!(req.params.content === 'record' && arrayParam(req, 'records').length > 0)) return reply;
      inFlight++;
      most = Math.max(most, inFlight);
      return {
        ...reply,
        body: async () => {
          await new Promise((r) => setTimeout(r, 15));
          inFlight--;
          return JSON.stringify(reply.body);
        },
      };
    });
    const rows = await mock.project.exportRecords();
    expect(rows).toEqual(allRows());
    expect(most).toBe(3);
  });

  test('progress: names read, then one event per batch', async () => {
    mock = mockRedcap({ batchSize: 4, concurrency: 1 });
    mock.handle((req) => redcapLike(req));
    const events: ProgressEvent[] = [];
    await mock.project.exportRecords({ onProgress: (e) => events.push(e) });
    expect(events).toEqual([
      { method: 'exportRecords', phase: 'ids', done: 0, total: 3, records: 0, totalRecords: 11 },
      { method: 'exportRecords', phase: 'export', done: 1, total: 3, records: 4, totalRecords: 11 },
      { method: 'exportRecords', phase: 'export', done: 2, total: 3, records: 8, totalRecords: 11 },
      { method: 'exportRecords', phase: 'export', done: 3, total: 3, records: 11, totalRecords: 11 },
    ]);
  });

  test('the project-wide listener hears batches too, and a throwing listener does no harm', async () => {
    const events: string[] = [];
    mock = mockRedcap({
      batchSize: 6,
      onProgress: (e) => {
        events.push(`${e.phase}:${e.done}/${e.total}`);
        throw new Error('listener bug');
      },
    });
    mock.handle((req) => redcapLike(req));
    expect(await mock.project.exportRecords()).toEqual(allRows());
    expect(events).toEqual(['ids:0/2', 'export:1/2', 'export:2/2']);
  });

  test('filters go to the name read; the batches repeat every option', async () => {
    mock = mockRedcap({ batchSize: 2 });
    const over25 = (r: Row) => Number(r.record_id) > 5;
    mock.handle((req) => redcapLike(req, over25));
    const options = {
      fields: ['record_id', 'age'],
      forms: ['demographics'],
      events: ['baseline_arm_1'],
      filterLogic: '[age] > 25',
      dateRangeBegin: '2024-01-01 00:00:00',
      rawOrLabel: 'label' as const,
      exportCheckboxLabel: true,
    };
    await mock.project.exportRecords(options);
    const [idRead, ...batches] = recordRequests(mock);
    expect(isIdRead(idRead)).toBe(true);
    expect(idRead.params).toMatchObject({
      filterLogic: '[age] > 25',
      dateRangeBegin: '2024-01-01 00:00:00',
      'events[0]': 'baseline_arm_1',
      type: 'flat',
    });
    expect(arrayParam(idRead, 'forms')).toEqual([]);
    expect(idRead.params.rawOrLabel).toBeUndefined();
    expect(batches.map((b) => arrayParam(b, 'records'))).toEqual([
      ['6', '7'],
      ['8', '9'],
      ['10', '11'],
    ]);
    for (const b of batches) {
      expect(b.params).toMatchObject({
        filterLogic: '[age] > 25',
        rawOrLabel: 'label',
        exportCheckboxLabel: 'true',
        'forms[0]': 'demographics',
      });
      expect(arrayParam(b, 'fields')).toEqual(['record_id', 'age']);
    }
  });

  test('few records: one export sent unchanged after the name read; few requested records: no name read', async () => {
    mock = mockRedcap({ batchSize: 50 });
    mock.handle((req) => redcapLike(req));
    expect(await mock.project.exportRecords()).toEqual(allRows());
    const sent = recordRequests(mock);
    expect(sent).toHaveLength(2);
    expect(arrayParam(sent[1], 'records')).toEqual([]);

    mock.requests.length = 0;
    const some = await mock.project.exportRecords({ records: ['3', 1] });
    expect(recordRequests(mock)).toHaveLength(1);
    expect(arrayParam(mock.requests[0], 'records')).toEqual(['3', '1']);
    // REDCap's order, not the order asked in.
    expect(some.map((r) => r.record_id)).toEqual(['1', '1', '3', '3', '3', '3']);
  });

  test("many requested records are read and batched in REDCap's order", async () => {
    mock = mockRedcap({ batchSize: 2 });
    mock.handle((req) => redcapLike(req));
    const rows = await mock.project.exportRecords({ records: ['10', '2', '7', '1'] });
    const [idRead, ...batches] = recordRequests(mock);
    expect(arrayParam(idRead, 'records')).toEqual(['10', '2', '7', '1']);
    expect(batches.map((b) => arrayParam(b, 'records'))).toEqual([
      ['1', '2'],
      ['7', '10'],
    ]);
    expect([...new Set(rows.map((r) => r.record_id))]).toEqual(['1', '2', '7', '10']);
  });

  test('an empty record list exports nothing and sends nothing', async () => {
    mock = mockRedcap();
    mock.handle((req) => redcapLike(req));
    expect(await mock.project.exportRecords({ records: [] })).toEqual([]);
    expect(await mock.project.exportRecords({ records: [], format: 'csv' })).toBe('');
    expect(mock.requests).toHaveLength(0);
  });

  test('the names are read from the first cells of a CSV answer, which must start with the record id', async () => {
    const answering = (ids: string) => (req: SeenRequest) =>
      req.params.content === 'metadata'
        ? redcapLike(req)
        : isIdRead(req)
          ? { body: ids, headers: { 'content-type': 'text/csv' } }
          : { body: arrayParam(req, 'records').map((record_id) => ({ record_id })) };
    mock = mockRedcap({ batchSize: 1 });
    mock.handle(answering('record_id,redcap_event_name\n"a,1",e1\n"a,1",e2\nb,e1\n'));
    expect(await mock.project.exportRecords()).toEqual([{ record_id: 'a,1' }, { record_id: 'b' }]);
    const refused = async (ids: string, why: string) => {
      const m = mockRedcap({ batchSize: 1 });
      m.handle(answering(ids));
      await expect(m.project.exportRecords()).rejects.toThrow(
        `exportRecords: REDCap's export of the record id field "record_id" ${why}; cannot split the export in batches (try batchSize: false).`,
      );
      await m.close();
    };
    await refused('name\n1\n2\n', 'starts with "name", not with the record id');
    await refused('record_id\n"1\n2\n', 'was cut short');
  });

  test('the record id field is looked up once', async () => {
    mock = mockRedcap({ batchSize: 5 });
    mock.handle((req) => redcapLike(req));
    await mock.project.exportRecords();
    await mock.project.exportRecords({ format: 'csv' });
    expect(mock.requests.filter((r) => r.params.content === 'metadata')).toHaveLength(1);
    expect(await mock.project.loadRecordIdField()).toBe('record_id');
  });

  test("a failing batch fails the export with REDCap's error, and no batch starts after it", async () => {
    mock = mockRedcap({ batchSize: 2, concurrency: 1 });
    mock.handle((req) => {
      if (arrayParam(req, 'records')[0] === '5')
        return { status: 400, body: { error: 'The record "5" does not exist' } };
      return redcapLike(req);
    });
    await expect(mock.project.exportRecords()).rejects.toSatisfy(
      (e: unknown) => isRedcapApiError(e) && e.redcapMessage === 'The record "5" does not exist',
    );
    expect(
      recordRequests(mock)
        .slice(1)
        .map((r) => arrayParam(r, 'records')[0]),
    ).toEqual(['1', '3', '5']);
  });
});

describe('batched export handed over part by part', () => {
  test('onPart gets every answer in record order, however the answers come', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const delays = [30, 5, 20, 1, 10, 1, 1];
    const handed: string[][] = [];
    const joined = await batchedExport<string[]>({
      method: 'exportRecords',
      format: 'json',
      plan: { size: 2, concurrency: 3, delayMs: 0, progress: () => {} },
      readIds: async () => names,
      exportBatch: async (records) => {
        await new Promise((r) => setTimeout(r, delays[names.indexOf(records![0])]));
        return records!;
      },
      onPart: (part) => handed.push(part),
    });
    expect(handed).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g']]);
    expect(joined).toEqual(names);
  });

  test('one request hands over its one answer', async () => {
    const handed: string[][] = [];
    await batchedExport<string[]>({
      method: 'exportRecords',
      format: 'json',
      plan: { size: false, concurrency: 1, delayMs: 0, progress: () => {} },
      readIds: async () => [],
      exportBatch: async () => ['whole'],
      onPart: (part) => handed.push(part),
    });
    expect(handed).toEqual([['whole']]);
  });
});
