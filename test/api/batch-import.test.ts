/**
 * Batched record imports: whole records per batch, results combined, and
 * a failure part-way says which batches landed.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { batchedImport, splitCsvByRecord, splitRowsByRecord } from '../../src/api/batch-import.js';
import { RedcapBatchError, isRedcapApiError, isRedcapBatchError, isRedcapUsageError } from '../../src/api/errors.js';
import type { ProgressEvent } from '../../src/api/types/common.js';
import { parseCsv } from '../../src/formats/csv.js';
import { TOKEN, everythingShown, mockRedcap, type MockRedcap, type Reply, type SeenRequest } from './mock-redcap.js';

let mock: MockRedcap | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

// Rows of 7 records; records 2 and 5 have repeat instances, given out of order.
const ROWS = [
  { record_id: '1', age: '30' },
  { record_id: '2', age: '31' },
  { record_id: '2', redcap_repeat_instrument: 'visit', redcap_repeat_instance: 1, weight: '70' },
  { record_id: '3', age: '32' },
  { record_id: '4', age: '33' },
  { record_id: '2', redcap_repeat_instrument: 'visit', redcap_repeat_instance: 2, weight: '71' },
  { record_id: '5', age: '34' },
  { record_id: '6', age: '35' },
  { record_id: '5', redcap_repeat_instrument: 'visit', redcap_repeat_instance: 1, weight: '80' },
  { record_id: '7', age: '36' },
];

function importedRecords(req: SeenRequest): string[] {
  const data = req.params.data;
  const rows = req.params.format === 'csv' ? parseCsv(data).rows : (JSON.parse(data) as Record<string, unknown>[]);
  return [...new Set(rows.map((r) => String(r.record_id ?? r.record)))];
}

function importLike(req: SeenRequest): Reply {
  const p = req.params;
  if (p.content === 'metadata') return { body: [{ field_name: 'record_id', form_name: 'demographics' }] };
  const records = importedRecords(req);
  if (p.returnContent === 'ids') return { body: records };
  if (p.returnContent === 'auto_ids') return { body: records.map((r) => `${Number(r) + 100},${r}`) };
  if (p.returnContent === 'nothing') return { body: '' };
  return { body: { count: records.length } };
}

const imports = (m: MockRedcap) => m.requests.filter((r) => r.params.content === 'record');

describe('splitting by record', () => {
  test('rows: every row of a record in one batch, records in first-seen order', () => {
    const batches = splitRowsByRecord(ROWS, 'record_id', 3, 'importRecords');
    expect(batches.map((b) => b.records)).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
    expect(batches[0].data).toEqual([ROWS[0], ROWS[1], ROWS[2], ROWS[5], ROWS[3]]);
    expect(batches.flatMap((b) => b.data)).toHaveLength(ROWS.length);
  });

  test('rows without a record id are refused before anything is sent', () => {
    expect(() => splitRowsByRecord([{ record_id: '1' }, { age: '3' }], 'record_id', 1, 'importRecords')).toThrow(
      'importRecords: row 2 has no value for the record id field "record_id"; every row needs one.',
    );
  });

  test('CSV: the header in every batch, values kept (quotes, commas, line breaks)', () => {
    const text = 'record_id,notes\n1,"a, b"\n2,"line\nbreak"\n1,"say ""hi"""\n3,plain\n';
    const batches = splitCsvByRecord(text, ',', 'record_id', 2, 'importRecords');
    expect(batches.map((b) => b.records)).toEqual([['1', '2'], ['3']]);
    expect(parseCsv(batches[0].data).rows).toEqual([
      { record_id: '1', notes: 'a, b' },
      { record_id: '1', notes: 'say "hi"' },
      { record_id: '2', notes: 'line\nbreak' },
    ]);
    expect(batches[1].data).toBe('record_id,notes\n3,plain\n');
  });

  test('CSV: the record column is found by name, else the first column; tabs work', () => {
    expect(splitCsvByRecord('age\tid\n3\ta\n4\tb\n', '\t', 'id', 1, 'm').map((b) => b.records)).toEqual([['a'], ['b']]);
    expect(splitCsvByRecord('subject,age\nx,1\ny,2\n', ',', 'record_id', 1, 'm').map((b) => b.records)).toEqual([
      ['x'],
      ['y'],
    ]);
  });
});

describe('batched import', () => {
  test('rows are sent in batches of whole records and the counts add up', async () => {
    mock = mockRedcap({ batchSize: 3 });
    mock.handle(importLike);
    const result = await mock.project.importRecords(ROWS);
    expect(result).toEqual({ count: 7 });
    const sent = imports(mock);
    expect(sent.map(importedRecords)).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
    expect(JSON.parse(sent[0].params.data)).toHaveLength(5);
    for (const r of sent) {
      expect(r.params).toMatchObject({
        content: 'record',
        action: 'import',
        format: 'json',
        type: 'flat',
        overwriteBehavior: 'normal',
        returnContent: 'count',
      });
    }
  });

  test('CSV text is split too', async () => {
    mock = mockRedcap({ batchSize: 2 });
    mock.handle(importLike);
    const text = 'record_id,age\n1,30\n2,31\n3,32\n1,33\n';
    expect(await mock.project.importRecords(text)).toEqual({ count: 3 });
    const sent = imports(mock);
    expect(sent.map((r) => r.params.format)).toEqual(['csv', 'csv']);
    expect(sent.map((r) => r.params.data)).toEqual(['record_id,age\n1,30\n1,33\n2,31\n', 'record_id,age\n3,32\n']);
  });

  test('ids and auto ids are joined in batch order; nothing gives nothing', async () => {
    mock = mockRedcap({ batchSize: 4 });
    mock.handle(importLike);
    expect(await mock.project.importRecords(ROWS, { returnContent: 'ids' })).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
    const auto = await mock.project.importRecords(ROWS, { returnContent: 'auto_ids', forceAutoNumber: true });
    expect(auto).toEqual(['1', '2', '3', '4', '5', '6', '7'].map((r) => ({ id: String(Number(r) + 100), sentId: r })));
    expect(await mock.project.importRecords(ROWS, { returnContent: 'nothing' })).toBeUndefined();
  });

  test('few rows: one request with the data as given, no dictionary lookup', async () => {
    mock = mockRedcap({ batchSize: 100 });
    mock.handle(importLike);
    await mock.project.importRecords(ROWS);
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0].params.data).toBe(JSON.stringify(ROWS));
  });

  test('eav rows are grouped by their record column', async () => {
    mock = mockRedcap({ batchSize: 1 });
    mock.handle(importLike);
    const eav = [
      { record: '1', field_name: 'age', value: '3' },
      { record: '2', field_name: 'age', value: '4' },
      { record: '1', field_name: 'sex', value: '1' },
    ];
    expect(await mock.project.importRecords(eav, { type: 'eav' })).toEqual({ count: 2 });
    expect(imports(mock).map((r) => JSON.parse(r.params.data))).toEqual([[eav[0], eav[2]], [eav[1]]]);
    expect(mock.requests.some((r) => r.params.content === 'metadata')).toBe(false);
  });

  test('progress per batch', async () => {
    mock = mockRedcap({ batchSize: 3 });
    mock.handle(importLike);
    const events: ProgressEvent[] = [];
    await mock.project.importRecords(ROWS, { onProgress: (e) => events.push(e) });
    expect(events.map((e) => [e.phase, e.done, e.total, e.records, e.totalRecords])).toEqual([
      ['import', 1, 3, 3, 7],
      ['import', 2, 3, 6, 7],
      ['import', 3, 3, 7, 7],
    ]);
  });

  test('a batch failing in the middle: the error says which batches landed and which did not', async () => {
    mock = mockRedcap({ batchSize: 2, retries: 3 });
    const refusal =
      '"4","age","abc","The value you provided could not be validated because it does not follow the expected format. Please try again."';
    mock.handle((req) =>
      req.params.content === 'record' && importedRecords(req).includes('4')
        ? { status: 400, body: { error: refusal } }
        : importLike(req),
    );
    const rows = ROWS.map((r) => (r.record_id === '4' ? { ...r, age: 'abc' } : r));
    let error: unknown;
    try {
      await mock.project.importRecords(rows);
    } catch (e) {
      error = e;
    }
    expect(isRedcapBatchError(error)).toBe(true);
    const batch = error as RedcapBatchError;
    expect(batch).toBeInstanceOf(RedcapBatchError);
    expect(batch.batches.map((b) => [b.batch, b.status, b.records])).toEqual([
      [1, 'landed', ['1', '2']],
      [2, 'failed', ['3', '4']],
      [3, 'not sent', ['5', '6']],
      [4, 'not sent', ['7']],
    ]);
    expect(batch.landedRecords).toEqual(['1', '2']);
    expect(batch.pendingRecords).toEqual(['3', '4', '5', '6', '7']);
    expect(isRedcapApiError(batch.cause)).toBe(true);
    expect(
      batch.failed[0].error && isRedcapApiError(batch.failed[0].error) && batch.failed[0].error.valueErrors[0],
    ).toMatchObject({ record: '4', field: 'age', value: 'abc' });
    expect(batch.message).toBe(
      'importRecords: 1 of 4 batches failed: 2 (2 records "3"…"4"). ' +
        `First failure: importRecords: REDCap refused the request (HTTP 400): ${refusal} ` +
        'Landed (saved): batches 1 (2 records "1"…"2"). ' +
        'Not sent: batches 3 (2 records "5"…"6"), 4 (record "7").',
    );
    // The failed batch was sent once (writes are not retried), later ones never.
    expect(imports(mock).map(importedRecords)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    const shown = await everythingShown(batch);
    expect(shown).not.toContain(TOKEN);
  });

  test('with concurrency, batches already in flight still land and are reported', async () => {
    mock = mockRedcap({ batchSize: 2 });
    mock.handle((req) => {
      if (req.params.content !== 'record') return importLike(req);
      const records = importedRecords(req);
      if (records.includes('1')) return { status: 400, body: { error: 'batch 1 refused' } };
      return {
        body: async () => {
          await new Promise((r) => setTimeout(r, 10));
          return JSON.stringify({ count: records.length });
        },
      };
    });
    const error = await mock.project.importRecords(ROWS, { concurrency: 2 }).catch((e: unknown) => e);
    expect(isRedcapBatchError(error)).toBe(true);
    expect((error as RedcapBatchError).batches.map((b) => b.status)).toEqual([
      'failed',
      'landed',
      'not sent',
      'not sent',
    ]);
  });

  test('a row without a record id stops the import before anything is sent', async () => {
    mock = mockRedcap({ batchSize: 1 });
    mock.handle(importLike);
    const error = await mock.project.importRecords([{ record_id: '1' }, { age: '3' }]).catch((e: unknown) => e);
    expect(isRedcapUsageError(error)).toBe(true);
    expect(imports(mock)).toHaveLength(0);
  });
});

describe('batchedImport making batches ahead', () => {
  const plan = (concurrency: number) => ({ size: 1, concurrency, delayMs: 0, progress: () => undefined });
  const batches = [0, 1, 2, 3].map((n) => ({ records: [String(n)], data: n }));

  test('each batch is made once, the next while one is on its way, and sent as made', async () => {
    const made: number[] = [];
    const sent: string[] = [];
    const answers = await batchedImport({
      method: 'importTable',
      plan: plan(1),
      batches,
      prepare: (n: number) => {
        made.push(n);
        return `batch ${n}`;
      },
      send: async (text: string) => {
        sent.push(text);
        // The next batch is made while this one waits for its answer.
        await new Promise((r) => setTimeout(r, 5));
        expect(made.length).toBe(Math.min(sent.length + 1, batches.length));
        return text.length;
      },
    });
    expect(made).toEqual([0, 1, 2, 3]);
    expect(sent).toEqual(['batch 0', 'batch 1', 'batch 2', 'batch 3']);
    expect(answers).toEqual([7, 7, 7, 7]);
  });

  test('after a failure nothing more is sent; with two in flight none is made twice', async () => {
    const sent: number[] = [];
    const failing = batchedImport({
      method: 'importTable',
      plan: plan(1),
      batches,
      prepare: (n: number) => n,
      send: async (n: number) => {
        sent.push(n);
        if (n === 1) throw new Error('refused');
        return n;
      },
    });
    await expect(failing).rejects.toBeInstanceOf(RedcapBatchError);
    expect(sent).toEqual([0, 1]);
    const made: number[] = [];
    await batchedImport({
      method: 'importTable',
      plan: plan(2),
      batches,
      prepare: (n: number) => {
        made.push(n);
        return n;
      },
      send: async (n: number) => n,
    });
    expect([...made].sort()).toEqual([0, 1, 2, 3]);
  });
});
