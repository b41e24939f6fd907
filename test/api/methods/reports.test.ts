import { describe, expect, test } from 'vitest';
import { sent } from './sent.js';

describe('exportReport', () => {
  test('report id and options', async () => {
    const rows = [{ record_id: '1', sex: 'Female' }];
    const { params, result } = await sent(
      (p) =>
        p.exportReport(12, {
          rawOrLabel: 'label',
          rawOrLabelHeaders: 'raw',
          exportCheckboxLabel: true,
          csvDelimiter: '|',
          decimalCharacter: '.',
        }),
      { body: rows },
    );
    expect(params).toEqual({
      content: 'report',
      format: 'json',
      report_id: '12',
      rawOrLabel: 'label',
      rawOrLabelHeaders: 'raw',
      exportCheckboxLabel: 'true',
      csvDelimiter: '|',
      decimalCharacter: '.',
    });
    expect(result).toEqual(rows);
  });
});
