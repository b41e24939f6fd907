import { describe, expect, test } from 'vitest';
import { sent } from './sent.js';

describe('exportLogging', () => {
  test("filters under REDCap's names, times as YYYY-MM-DD HH:MM", async () => {
    const entry = {
      timestamp: '2024-03-01 10:12',
      username: 'alice',
      action: 'Update record 3',
      details: "age = '4'",
      record: '3',
    };
    const { params, result } = await sent(
      (p) =>
        p.exportLogging({
          logType: 'record_edit',
          user: 'alice',
          record: 3,
          dag: 'site_a',
          beginTime: new Date(2024, 2, 1, 9, 5, 59),
          endTime: '2024-03-02 00:00',
        }),
      { body: [entry] },
    );
    expect(params).toEqual({
      content: 'log',
      format: 'json',
      logtype: 'record_edit',
      user: 'alice',
      record: '3',
      dag: 'site_a',
      beginTime: '2024-03-01 09:05',
      endTime: '2024-03-02 00:00',
    });
    expect(result).toEqual([entry]);
  });
});
