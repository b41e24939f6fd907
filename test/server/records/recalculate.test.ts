import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { call, callJson, fixtureFile, startServer } from '../../helpers/server.js';

describe('calc fields after an import', () => {
  let server: RedcapServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('recomputes a calc from the values just imported, across interleaved rows', async () => {
    const { token } = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), 'calc');
    // bmi = round(([weight]*10000)/(([height])^(2)),1)
    const data = [
      { record_id: '1', height: '180' },
      { record_id: '20', height: '150', weight: '45' },
    ];
    const r = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: JSON.stringify(data),
    });
    expect(r.text).toBe('{"count":2}');
    const rows = await callJson<Record<string, string>[]>(server.url, {
      token,
      content: 'record',
      records: ['1', '20'],
      fields: ['record_id', 'weight', 'height', 'bmi'],
    });
    expect(rows).toEqual([
      { record_id: '1', weight: '1', height: '180', bmi: '0.3' },
      { record_id: '20', weight: '45', height: '150', bmi: '20' },
    ]);
    // Erasing an input blanks the result.
    await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      overwriteBehavior: 'overwrite',
      data: JSON.stringify([{ record_id: '20', weight: '' }]),
    });
    const [after] = await callJson<Record<string, string>[]>(server.url, {
      token,
      content: 'record',
      records: ['20'],
      fields: ['bmi'],
    });
    expect(after.bmi).toBe('');
  });
});
