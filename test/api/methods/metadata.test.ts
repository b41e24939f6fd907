import { describe, expect, test } from 'vitest';
import { dictionaryRow } from '../../../src/schema/types.js';
import { sent } from './sent.js';

const pdfBytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xff]);

describe('metadata methods', () => {
  test('exportMetadata', async () => {
    const row = dictionaryRow({ field_name: 'record_id', form_name: 'demographics', field_type: 'text' });
    const { params, result } = await sent((p) => p.exportMetadata({ fields: ['record_id'], forms: ['demographics'] }), {
      body: [row],
    });
    expect(params).toEqual({
      content: 'metadata',
      action: 'export',
      format: 'json',
      'fields[0]': 'record_id',
      'forms[0]': 'demographics',
    });
    expect(result).toEqual([row]);
    const csv = await sent((p) => p.exportMetadata({ format: 'csv' }), {
      body: 'field_name,form_name\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.result).toBe('field_name,form_name\n');
  });

  test('importMetadata sends rows as JSON, answers the field count', async () => {
    const rows = [dictionaryRow({ field_name: 'record_id', form_name: 'f', field_type: 'text' })];
    const { params, result } = await sent((p) => p.importMetadata(rows), { body: '1' });
    expect(params).toEqual({ content: 'metadata', action: 'import', format: 'json', data: JSON.stringify(rows) });
    expect(result).toBe(1);
    const csv = await sent((p) => p.importMetadata('field_name,form_name,field_type\nrecord_id,f,text\n'), {
      body: '1',
    });
    expect(csv.params).toMatchObject({ format: 'csv', data: 'field_name,form_name,field_type\nrecord_id,f,text\n' });
  });

  test('exportFieldNames', async () => {
    const rows = [{ original_field_name: 'race', choice_value: '1', export_field_name: 'race___1' }];
    const { params, result } = await sent((p) => p.exportFieldNames({ field: 'race' }), { body: rows });
    expect(params).toEqual({ content: 'exportFieldNames', format: 'json', field: 'race' });
    expect(result).toEqual(rows);
  });

  test('exportInstruments', async () => {
    const rows = [{ instrument_name: 'demographics', instrument_label: 'Demographics' }];
    const { params, result } = await sent((p) => p.exportInstruments(), { body: rows });
    expect(params).toEqual({ content: 'instrument', format: 'json' });
    expect(result).toEqual(rows);
  });

  test('exportPdf returns bytes, file name and type', async () => {
    const { params, result } = await sent(
      (p) =>
        p.exportPdf({
          record: 3,
          event: 'e1_arm_1',
          instrument: 'demographics',
          repeatInstance: 2,
          compactDisplay: true,
        }),
      {
        body: pdfBytes,
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': 'attachment; filename="Demographics 3.pdf"',
        },
      },
    );
    expect(params).toEqual({
      content: 'pdf',
      format: 'json',
      record: '3',
      event: 'e1_arm_1',
      instrument: 'demographics',
      repeat_instance: '2',
      compactDisplay: 'true',
    });
    expect(result).toEqual({ data: pdfBytes, fileName: 'Demographics 3.pdf', contentType: 'application/pdf' });
    const all = await sent((p) => p.exportPdf({ allRecords: true }), {
      body: pdfBytes,
      headers: { 'content-type': 'application/pdf' },
    });
    expect(all.params).toEqual({ content: 'pdf', format: 'json', allRecords: 'true' });
    expect(all.result.fileName).toBe('');
  });

  test('instrument/event mappings', async () => {
    const rows = [{ arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'demographics' }];
    const out = await sent((p) => p.exportInstrumentEventMappings({ arms: [1, 2] }), { body: rows });
    expect(out.params).toEqual({
      content: 'formEventMapping',
      action: 'export',
      format: 'json',
      'arms[0]': '1',
      'arms[1]': '2',
    });
    expect(out.result).toEqual(rows);
    const back = await sent((p) => p.importInstrumentEventMappings(rows), { body: '1' });
    expect(back.params).toEqual({
      content: 'formEventMapping',
      action: 'import',
      format: 'json',
      data: JSON.stringify(rows),
    });
    expect(back.result).toBe(1);
  });
});
