import { describe, expect, test } from 'vitest';
import { multipartBody } from '../../src/api/multipart.js';

describe('multipartBody', () => {
  test('form fields then the file part, bytes intact', () => {
    const data = new Uint8Array([0, 13, 10, 45, 45, 255]);
    const { body, contentType } = multipartBody(
      { content: 'file', records: ['1'], skip: undefined },
      { data, fileName: 'x\r\n.bin', contentType: 'application/octet-stream' },
    );
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(contentType)![1];
    const text = Buffer.from(body).toString('latin1');
    expect(text).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="content"\r\n\r\nfile\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="records[0]"\r\n\r\n1\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x .bin"\r\nContent-Type: application/octet-stream\r\n\r\n` +
        `${Buffer.from(data).toString('latin1')}\r\n--${boundary}--\r\n`,
    );
  });

  test('each body gets its own boundary', () => {
    const file = { data: new Uint8Array(), fileName: 'a', contentType: 'text/plain' };
    expect(multipartBody({}, file).contentType).not.toBe(multipartBody({}, file).contentType);
  });

  test('form fields alone, without a file part', () => {
    const { body, contentType } = multipartBody({ content: 'record', data: 'a,b\r\n1,ü' });
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(contentType)![1];
    expect(Buffer.from(body).toString('utf8')).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="content"\r\n\r\nrecord\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\na,b\r\n1,ü\r\n--${boundary}--\r\n`,
    );
  });
});
