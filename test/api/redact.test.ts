import { describe, expect, test } from 'vitest';
import { Redactor, displayUrl } from '../../src/api/redact.js';

const TOKEN = '0123456789ABCDEF0123456789ABCDEF';
const r = new Redactor([TOKEN]);

describe('Redactor.text', () => {
  test('removes the token however it appears', () => {
    expect(r.text(`token=${TOKEN}&content=record`)).toBe('token=[redacted]&content=record');
    expect(r.text(`{"token": "${TOKEN}"}`)).toBe('{"token": "[redacted]"}');
    expect(r.text(`bad ${TOKEN.toLowerCase()} here`)).toBe('bad [redacted] here');
    expect(r.text(`x${TOKEN}y`)).toBe('x[redacted]y');
    expect(r.text('TOKEN=abc def')).toBe('TOKEN=[redacted] def');
  });

  test("removes other token-shaped text (e.g. a new project's token), keeps ordinary text", () => {
    const other = 'FFFFEEEEDDDDCCCCBBBBAAAA99998888';
    expect(r.text(`new token: ${other}`)).toBe('new token: [redacted]');
    expect(r.text(`super ${other}${other}.`)).toBe('super [redacted].');
    expect(r.text('record 12, field age, value 3.5')).toBe('record 12, field age, value 3.5');
    expect(r.text('d41d8cd98f00b204e9800998ecf8427e')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
});

describe('Redactor.error', () => {
  test('a clean copy: name, message, code and cause chain, nothing else', () => {
    const inner = new Error(`inner token=${TOKEN}`);
    const original = Object.assign(new Error(`outer ${TOKEN}`, { cause: inner }), {
      code: 'UND_ERR_SOCKET',
      request: { body: `token=${TOKEN}` },
      name: 'SocketError',
    });
    const copy = r.error(original)!;
    expect(copy.message).toBe('outer [redacted]');
    expect(copy.name).toBe('SocketError');
    expect((copy as Error & { code: string }).code).toBe('UND_ERR_SOCKET');
    expect(Object.keys(copy).sort()).toEqual(['code', 'name']);
    expect((copy.cause as Error).message).toBe('inner token=[redacted]');
    expect(copy.stack).not.toContain(TOKEN);
  });

  test('an AggregateError with an empty message tells its parts', () => {
    const agg = new AggregateError(
      [new Error('connect ECONNREFUSED ::1:80'), new Error('connect ECONNREFUSED 127.0.0.1:80')],
      '',
    );
    expect(r.error(agg)!.message).toBe('connect ECONNREFUSED ::1:80; connect ECONNREFUSED 127.0.0.1:80');
  });

  test('non-errors become errors; nothing stays nothing', () => {
    expect(r.error(`thrown ${TOKEN}`)!.message).toBe('thrown [redacted]');
    expect(r.error(undefined)).toBeUndefined();
  });
});

describe('displayUrl', () => {
  test('drops user name and password', () => {
    expect(displayUrl('https://me:pw@redcap.example.org/api/')).toBe('https://redcap.example.org/api/');
    expect(displayUrl('not a url')).toBe('not a url');
  });
});
