import { describe, expect, test } from 'vitest';
import { isRedcapHttpError } from '../../src/api/errors.js';
import { readCount, readFile, readIdList, readJsonArray, readJsonObject } from '../../src/api/response.js';
import type { Answer } from '../../src/api/transport.js';

function answer(body: string | Uint8Array, headers: Record<string, string> = {}): Answer {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return {
    status: 200,
    headers,
    bytes,
    text: new TextDecoder().decode(bytes),
    context: { method: 'm' },
    redact: (t) => t,
  };
}

describe('readCount', () => {
  test.each([
    ['{"count":3}', 3],
    ['{"count":"4"}', 4],
    ['5', 5],
    ['"6"', 6],
    ['<?xml version="1.0"?><count>7</count>', 7],
    [' 8\n', 8],
  ])('%s → %d', (body, n) => {
    expect(readCount(answer(body))).toBe(n);
  });

  test('anything else is not a REDCap answer', () => {
    for (const body of ['', 'ok', '{"count":"x"}', '[1]', '3.5']) {
      expect(() => readCount(answer(body))).toThrow(/is not a count/);
    }
  });
});

describe('readJsonArray / readJsonObject', () => {
  test('shapes are checked', () => {
    expect(readJsonArray(answer(''))).toEqual([]);
    expect(readJsonArray(answer('[{"a":"1"}]'))).toEqual([{ a: '1' }]);
    expect(() => readJsonArray(answer('{"a":1}'))).toThrow(/a JSON array/);
    expect(readJsonObject(answer('{"a":1}'))).toEqual({ a: 1 });
    expect(() => readJsonObject(answer('[]'))).toThrow(/a JSON object/);
    try {
      readJsonArray(answer(`[${'{"a":"1"},'.repeat(40)}{"a`));
    } catch (e) {
      expect(isRedcapHttpError(e)).toBe(true);
      // Long bodies show their start and their (cut) end.
      expect((e as Error).message).toMatch(/"\[\{"a":"1"\},.* … .*\{"a"$/);
    }
  });
});

describe('readFile', () => {
  test('name from Content-Type, else Content-Disposition; type without parameters', () => {
    expect(readFile(answer('x', { 'content-type': 'Application/PDF; name="a; b.pdf"' }))).toMatchObject({
      fileName: 'a; b.pdf',
      contentType: 'application/pdf',
    });
    expect(readFile(answer('x', { 'content-type': 'text/csv; charset=utf-8; name=data.csv' })).fileName).toBe(
      'data.csv',
    );
    expect(readFile(answer('x', { 'content-disposition': 'attachment; filename="report.pdf"' }))).toMatchObject({
      fileName: 'report.pdf',
      contentType: 'application/octet-stream',
    });
    expect(readFile(answer('x', { 'content-disposition': 'attachment; filename=plain.txt; size=3' })).fileName).toBe(
      'plain.txt',
    );
  });
});

describe('readIdList', () => {
  test('JSON, XML and CSV answers', () => {
    expect(readIdList(answer('["1","2"]'))).toEqual(['1', '2']);
    expect(readIdList(answer('["21,x","22,y"]'))).toEqual(['21,x', '22,y']);
    expect(readIdList(answer('[{"id":"21","sent_id":"x"}]'))).toEqual(['21,x']);
    expect(
      readIdList(answer('<?xml version="1.0" encoding="UTF-8" ?>\n<ids><id>1</id><id>a&amp;b</id></ids>\n')),
    ).toEqual(['1', 'a&b']);
    expect(readIdList(answer('id\n1\n2\n'))).toEqual(['1', '2']);
    expect(readIdList(answer('id\n21,x\n'))).toEqual(['21,x']);
    expect(readIdList(answer(''))).toEqual([]);
  });
});
