import { afterEach, describe, expect, expectTypeOf, test } from 'vitest';
import { inspect } from 'node:util';
import type { Project } from '../../src/api/project.js';
import type { FileDownload } from '../../src/api/types/files.js';
import type { AutoId, RecordRow } from '../../src/api/types/records.js';
import type { Arm, DictionaryRow, ProjectInfo } from '../../src/schema/types.js';
import { TOKEN, mockRedcap, type MockRedcap } from './mock-redcap.js';

let mock: MockRedcap | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('Project', () => {
  test('results are typed by format', () => {
    type P = Project;
    expectTypeOf<ReturnType<P['exportPdf']>>().toEqualTypeOf<Promise<FileDownload>>();
    // Inferred from the literal `format` at the call.
    const call = (p: P) => ({
      json: p.exportRecords({ fields: ['a'] }),
      dictionary: p.exportMetadata(),
      arms: p.exportArms({ arms: [1] }),
      armsCsv: p.exportArms({ format: 'csv' }),
      csv: p.exportRecords({ format: 'csv' }),
      xml: p.exportProjectInfo({ format: 'xml' }),
      info: p.exportProjectInfo(),
      count: p.importRecords([{ record_id: '1' }]),
      ids: p.importRecords('record_id\n1\n', { returnContent: 'ids' }),
      auto: p.importRecords([{ record_id: '1' }], { returnContent: 'auto_ids', forceAutoNumber: true }),
    });
    type R = ReturnType<typeof call>;
    expectTypeOf<R['json']>().toEqualTypeOf<Promise<RecordRow[]>>();
    expectTypeOf<R['dictionary']>().toEqualTypeOf<Promise<DictionaryRow[]>>();
    expectTypeOf<R['arms']>().toEqualTypeOf<Promise<Arm[]>>();
    expectTypeOf<R['armsCsv']>().toEqualTypeOf<Promise<string>>();
    expectTypeOf<R['csv']>().toEqualTypeOf<Promise<string>>();
    expectTypeOf<R['xml']>().toEqualTypeOf<Promise<string>>();
    expectTypeOf<R['info']>().toEqualTypeOf<Promise<ProjectInfo>>();
    expectTypeOf<R['count']>().toEqualTypeOf<Promise<{ count: number }>>();
    expectTypeOf<R['ids']>().toEqualTypeOf<Promise<string[]>>();
    expectTypeOf<R['auto']>().toEqualTypeOf<Promise<AutoId[]>>();
  });

  test('shows its URL, never its token', () => {
    mock = mockRedcap();
    const p = mock.project;
    expect(p.url).toBe('https://redcap.test/api/');
    expect(inspect(p)).toBe('Project(https://redcap.test/api/)');
    expect(inspect({ nested: p }, { showHidden: true })).not.toContain(TOKEN);
    expect(Object.values(p).join()).not.toContain(TOKEN);
  });

  test('imports of typed rows (interfaces) are accepted', async () => {
    interface Visit {
      record_id: string;
      weight: number;
    }
    const visits: Visit[] = [{ record_id: '1', weight: 70 }];
    mock = mockRedcap();
    mock.handle(() => ({ body: { count: 1 } }));
    expect(await mock.project.importRecords(visits)).toEqual({ count: 1 });
    expect(mock.requests[0].params.data).toBe('[{"record_id":"1","weight":70}]');
  });

  test('the record id field lookup is retried after a failure, then cached', async () => {
    mock = mockRedcap({ retries: 0 });
    mock.once({ status: 403, body: { error: 'You do not have permissions to use the API' } });
    await expect(mock.project.loadRecordIdField()).rejects.toThrow(/permissions/);
    mock.handle(() => ({ body: [{ field_name: 'study_id', form_name: 'f' }] }));
    expect(await mock.project.loadRecordIdField()).toBe('study_id');
    expect(await mock.project.loadRecordIdField()).toBe('study_id');
    expect(mock.requests).toHaveLength(2);
  });

  test('importing a dictionary forgets the cached record id field', async () => {
    mock = mockRedcap();
    let id = 'record_id';
    mock.handle((req) =>
      req.params.content === 'metadata' && req.params.action === 'import'
        ? { body: '1' }
        : { body: [{ field_name: id, form_name: 'f' }] },
    );
    expect(await mock.project.loadRecordIdField()).toBe('record_id');
    id = 'subject';
    await mock.project.importMetadata([]);
    expect(await mock.project.loadRecordIdField()).toBe('subject');
  });
});
