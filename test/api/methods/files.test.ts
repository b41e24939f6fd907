import { describe, expect, test } from 'vitest';
import { isRedcapUsageError } from '../../../src/api/errors.js';
import { multipart, sent } from './sent.js';

describe('files in records', () => {
  test("exportFile: bytes, REDCap's file name and media type", async () => {
    const bytes = new Uint8Array([137, 80, 78, 71, 0, 255]);
    const { params, result } = await sent((p) => p.exportFile(7, 'photo', { event: 'v1_arm_1', repeatInstance: 2 }), {
      body: bytes,
      headers: { 'content-type': 'image/png; name="scan 1.png"' },
    });
    expect(params).toEqual({
      content: 'file',
      action: 'export',
      format: 'json',
      record: '7',
      field: 'photo',
      event: 'v1_arm_1',
      repeat_instance: '2',
    });
    expect(result).toEqual({ data: bytes, fileName: 'scan 1.png', contentType: 'image/png' });
  });

  test('exportFile: a file that is itself JSON or HTML stays a file when REDCap names it', async () => {
    const text = '{"error":"this is file content"}';
    const { result } = await sent((p) => p.exportFile(1, 'doc'), {
      body: text,
      headers: { 'content-type': 'application/json; name="data.json"' },
    });
    expect(new TextDecoder().decode(result.data)).toBe(text);
    expect(result.fileName).toBe('data.json');
  });

  test('exportFile: RFC 5987 file names', async () => {
    const { result } = await sent((p) => p.exportFile(1, 'doc'), {
      body: 'x',
      headers: {
        'content-type': 'text/plain',
        'content-disposition': "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.txt",
      },
    });
    expect(result.fileName).toBe('résumé.txt');
  });

  test('importFile sends multipart with a part named file', async () => {
    const data = new Uint8Array([0, 1, 2, 250]);
    const { request, result } = await sent(
      (p) =>
        p.importFile(
          '3',
          'upload',
          { data, fileName: 'a "b".bin', contentType: 'application/x-test' },
          { repeatInstance: 1 },
        ),
      { body: '' },
    );
    expect(result).toBeUndefined();
    const { fields, file } = multipart(request);
    expect(fields).toEqual({
      token: '0123456789ABCDEF0123456789ABCDEF',
      content: 'file',
      action: 'import',
      format: 'json',
      returnFormat: 'json',
      record: '3',
      field: 'upload',
      repeat_instance: '1',
    });
    expect(file).toEqual({
      fileName: 'a %22b%22.bin',
      contentType: 'application/x-test',
      data: Buffer.from(data).toString('latin1'),
    });
  });

  test('importFile: text is sent as UTF-8; a file needs a name', async () => {
    const { request } = await sent((p) => p.importFile('3', 'notes', { data: 'héllo', fileName: 'n.txt' }), {
      body: '',
    });
    expect(multipart(request).file).toEqual({
      fileName: 'n.txt',
      contentType: 'application/octet-stream',
      data: Buffer.from('héllo', 'utf8').toString('latin1'),
    });
    await expect(sent((p) => p.importFile('3', 'notes', { data: 'x', fileName: '' }))).rejects.toSatisfy(
      isRedcapUsageError,
    );
  });

  test('deleteFile', async () => {
    const { params } = await sent((p) => p.deleteFile('3', 'upload', { event: 'e_arm_1' }), { body: '' });
    expect(params).toEqual({
      content: 'file',
      action: 'delete',
      format: 'json',
      record: '3',
      field: 'upload',
      event: 'e_arm_1',
    });
  });
});
