/**
 * Fault tests: every error class, the retry policy, timeouts, truncated
 * and non-REDCap bodies, and that no error ever shows the token. Answers
 * come from undici's MockAgent or from misbehaving loopback servers.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import {
  RedcapApiError,
  RedcapHttpError,
  RedcapNetworkError,
  RedcapTimeoutError,
  type RedcapUrlError,
  isRedcapApiError,
  isRedcapError,
  isRedcapHttpError,
  isRedcapNetworkError,
  isRedcapTimeoutError,
  isRedcapUrlError,
  type RedcapError,
} from '../../src/api/errors.js';
import { Project } from '../../src/api/project.js';
import { TOKEN, everythingShown, mockRedcap, type MockRedcap } from './mock-redcap.js';

let mock: MockRedcap | undefined;
const servers: (Server | TcpServer)[] = [];
const projects: Project[] = [];

afterEach(async () => {
  await mock?.close();
  mock = undefined;
  for (const p of projects.splice(0)) await p.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function failure(promise: Promise<unknown>): Promise<RedcapError> {
  try {
    await promise;
  } catch (e) {
    expect(isRedcapError(e)).toBe(true);
    return e as RedcapError;
  }
  throw new Error('expected the call to fail');
}

async function expectNoToken(error: unknown): Promise<void> {
  const shown = await everythingShown(error);
  expect(shown).not.toContain(TOKEN);
  expect(shown.toLowerCase()).not.toContain(TOKEN.toLowerCase());
}

const HTML_500 =
  '<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>' +
  '<body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>';
const FATAL_THEN_JSON =
  '<br />\n<b>Fatal error</b>:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in ' +
  '<b>/var/www/redcap/redcap_v14.0.0/Classes/Records.php</b> on line <b>4242</b><br />\n' +
  '{"error":"REDCap ran out of server memory. The request cannot be processed. Please try importing/exporting a smaller amount of data."}';

describe('REDCap said no: RedcapApiError', () => {
  test("a 400 JSON error carries status, REDCap's words and the method", async () => {
    mock = mockRedcap();
    mock.once({
      status: 400,
      body: { error: 'The following values in the parameter "fields" are not valid: \'nope\'' },
    });
    const err = await failure(mock.project.exportRecords({ fields: ['nope'], batchSize: false }));
    expect(err).toBeInstanceOf(RedcapApiError);
    expect(isRedcapApiError(err)).toBe(true);
    const api = err as RedcapApiError;
    expect(api.status).toBe(400);
    expect(api.redcapMessage).toBe('The following values in the parameter "fields" are not valid: \'nope\'');
    expect(api.method).toBe('exportRecords');
    expect(api.content).toBe('record');
    expect(api.action).toBe('export');
    expect(api.message).toBe(
      'exportRecords: REDCap refused the request (HTTP 400): The following values in the parameter "fields" are not valid: \'nope\'',
    );
    expect(api.attempts).toBe(1);
  });

  test('a 200 whose body is an error is an error', async () => {
    mock = mockRedcap();
    mock.once({ status: 200, body: { error: 'You cannot export arms for classic projects' } });
    const err = await failure(mock.project.exportArms());
    expect(isRedcapApiError(err)).toBe(true);
    expect((err as RedcapApiError).status).toBe(200);
    expect((err as RedcapApiError).redcapMessage).toBe('You cannot export arms for classic projects');
  });

  test('a long 200 answer is checked whole when its start could be an error or a page', async () => {
    mock = mockRedcap();
    const padding = ' \n'.repeat(1500);
    mock.once({
      status: 200,
      body: `${padding}{"error":"You do not have Export rights"}`,
      headers: { 'content-type': 'text/csv' },
    });
    mock.once({ status: 200, body: `${padding}${HTML_500}`, headers: { 'content-type': 'text/csv' } });
    const first = await failure(mock.project.exportRecords({ format: 'csv', batchSize: false }));
    expect((first as RedcapApiError).redcapMessage).toBe('You do not have Export rights');
    const second = await failure(mock.project.exportRecords({ format: 'csv', batchSize: false }));
    expect(isRedcapHttpError(second) || isRedcapUrlError(second)).toBe(true);
    expect(second.message).toContain('500 Internal Server Error');
  });

  test('a long CSV answer that starts as CSV is the answer', async () => {
    mock = mockRedcap();
    const csv = `record_id,notes\n${Array.from({ length: 200 }, (_, i) => `${i},"{""error"":""x""}"`).join('\n')}\n`;
    mock.once({ status: 200, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(await mock.project.exportRecords({ format: 'csv', batchSize: false })).toBe(csv);
  });

  test('csv and xml error shapes are recognised too', async () => {
    mock = mockRedcap();
    mock.once({
      status: 403,
      body: 'ERROR: You do not have permissions to use the API',
      headers: { 'content-type': 'text/csv' },
    });
    mock.once({
      status: 401,
      body: '<?xml version="1.0" encoding="UTF-8" ?>\n<hash>\n  <error>You do not have permissions to use the API</error>\n</hash>',
      headers: { 'content-type': 'text/xml' },
    });
    for (const status of [403, 401]) {
      const err = await failure(mock.project.exportVersion());
      expect(isRedcapApiError(err)).toBe(true);
      expect((err as RedcapApiError).status).toBe(status);
      expect((err as RedcapApiError).redcapMessage).toBe('You do not have permissions to use the API');
    }
  });

  test('import validation failures are parsed value by value', async () => {
    mock = mockRedcap();
    const lines =
      '"1","age","abc","The value you provided could not be validated because it does not follow the expected format. Please try again."\n' +
      '"2","sex","9","The value is not a valid category for sex"';
    mock.once({ status: 400, body: { error: lines } });
    const err = await failure(
      mock.project.importRecords([
        { record_id: '1', age: 'abc' },
        { record_id: '2', sex: '9' },
      ]),
    );
    const api = err as RedcapApiError;
    expect(api.valueErrors).toEqual([
      {
        record: '1',
        field: 'age',
        value: 'abc',
        message:
          'The value you provided could not be validated because it does not follow the expected format. Please try again.',
      },
      { record: '2', field: 'sex', value: '9', message: 'The value is not a valid category for sex' },
    ]);
  });

  test('refusals are not retried, even for reads', async () => {
    mock = mockRedcap({ retries: 3 });
    mock.handle(() => ({ status: 403, body: { error: 'You do not have permissions to use the API' } }));
    const err = await failure(mock.project.exportMetadata());
    expect(err.attempts).toBe(1);
    expect(mock.requests).toHaveLength(1);
  });
});

describe('not a REDCap answer: RedcapHttpError', () => {
  test('an HTML 500 page, with a short token-free excerpt', async () => {
    mock = mockRedcap({ retries: 0 });
    mock.once({ status: 500, body: HTML_500, headers: { 'content-type': 'text/html' } });
    const err = await failure(mock.project.exportInstruments());
    expect(err).toBeInstanceOf(RedcapHttpError);
    expect(isRedcapHttpError(err)).toBe(true);
    const http = err as RedcapHttpError;
    expect(http.status).toBe(500);
    expect(http.excerpt).toBe('500 Internal Server Error');
    expect(http.contentType).toBe('text/html');
    expect(http.message).toBe(
      'exportInstruments: REDCap answered HTTP 500 with an HTML page or PHP error instead of an API answer: "500 Internal Server Error"',
    );
  });

  test("a PHP fatal error followed by REDCap's JSON error (status 200)", async () => {
    mock = mockRedcap();
    mock.once({ status: 200, body: FATAL_THEN_JSON, headers: { 'content-type': 'text/html; charset=UTF-8' } });
    const err = await failure(mock.project.exportRecords({ batchSize: false }));
    expect(isRedcapHttpError(err)).toBe(true);
    const http = err as RedcapHttpError;
    expect(http.status).toBe(200);
    expect(http.redcapMessage).toBe(
      'REDCap ran out of server memory. The request cannot be processed. Please try importing/exporting a smaller amount of data.',
    );
    expect(http.message).toContain('PHP error output followed by the REDCap error "REDCap ran out of server memory.');
    // A 200 is not a "try later": not retried.
    expect(http.attempts).toBe(1);
    expect(mock.requests).toHaveLength(1);
  });

  test('a JSON body cut short', async () => {
    mock = mockRedcap();
    mock.once({ body: '[{"record_id":"1","age":"30"},{"record_id":"2","ag' });
    const err = await failure(mock.project.exportRecords({ batchSize: false }));
    expect(isRedcapHttpError(err)).toBe(true);
    expect(err.message).toMatch(
      /^exportRecords: REDCap's answer \(HTTP 200, 50 bytes\) is not valid JSON; it may have been cut short/,
    );
    expect((err as RedcapHttpError).excerpt).toContain('"ag');
  });

  test('a non-REDCap error status without HTML', async () => {
    mock = mockRedcap({ retries: 0 });
    mock.once({ status: 502, body: 'upstream connect error', headers: { 'content-type': 'text/plain' } });
    const err = await failure(mock.project.exportVersion());
    expect(err.message).toBe(
      'exportVersion: REDCap answered HTTP 502 without a REDCap error message: "upstream connect error"',
    );
  });

  test('a 404 page is not retried', async () => {
    mock = mockRedcap({ retries: 3 });
    mock.handle(() => ({
      status: 404,
      body: '<html><head><title>404 Not Found</title></head></html>',
      headers: { 'content-type': 'text/html' },
    }));
    const err = await failure(mock.project.exportVersion());
    expect((err as RedcapHttpError).status).toBe(404);
    expect(mock.requests).toHaveLength(1);
  });

  test('Apache\'s 501 "Method Not Implemented" (the tutorial\'s wrong URL) is a RedcapUrlError that says what the API URL looks like', async () => {
    mock = mockRedcap({ retries: 3 });
    mock.handle(() => ({
      status: 501,
      body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>501 Method Not Implemented</title>\n</head><body><h1>Method Not Implemented</h1></body></html>',
      headers: { 'content-type': 'text/html' },
    }));
    const err = await failure(mock.project.exportMetadata());
    expect(isRedcapUrlError(err)).toBe(true);
    expect(isRedcapHttpError(err)).toBe(true);
    expect(err.message).toBe(
      'exportMetadata: https://redcap.test/api/ answered HTTP 501 with an HTML page ("501 Method Not Implemented"): it is not a REDCap API URL. ' +
        "The API URL is the REDCap server's address followed by /api/ (e.g. https://redcap.example.org/api/ or https://example.org/redcap/api/), as the project's API page shows it.",
    );
    expect((err as RedcapUrlError).advice).toContain('/api/');
    expect(mock.requests).toHaveLength(1);
    await expectNoToken(err);
  });

  test('a web page answered with 200 (a login or home page) is a RedcapUrlError too', async () => {
    mock = mockRedcap();
    mock.once({
      status: 200,
      body: `<!DOCTYPE html><html><head><title>REDCap: Log In</title></head><body>token=${TOKEN}</body></html>`,
      headers: { 'content-type': 'text/html' },
    });
    const err = await failure(mock.project.exportVersion());
    expect(isRedcapUrlError(err)).toBe(true);
    expect(err.message).toContain('answered HTTP 200 with an HTML page ("REDCap: Log In")');
    await expectNoToken(err);
  });

  test('a redirect says where to go instead of following it (a POST body would be lost)', async () => {
    mock = mockRedcap();
    mock.once({ status: 301, body: '', headers: { location: 'https://new.example.org/redcap/api/' } });
    const err = await failure(mock.project.exportVersion());
    expect(err.message).toBe(
      'exportVersion: REDCap answered with a redirect (HTTP 301) to https://new.example.org/redcap/api/; use that address as the project URL.',
    );
  });
});

describe('no answer: RedcapNetworkError', () => {
  test('a connection error, token-free, with its code', async () => {
    mock = mockRedcap({ retries: 0 });
    mock.failOnce(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const err = await failure(mock.project.exportVersion());
    expect(err).toBeInstanceOf(RedcapNetworkError);
    expect(isRedcapNetworkError(err)).toBe(true);
    expect((err as RedcapNetworkError).code).toBe('ECONNRESET');
    expect(err.message).toBe(
      'exportVersion: no answer from REDCap at https://redcap.test/api/: read ECONNRESET (ECONNRESET).',
    );
    expect((err.cause as Error).message).toBe('read ECONNRESET');
  });

  test('a refused connection on a real closed port', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const project = new Project(`http://127.0.0.1:${port}`, TOKEN, { retries: 1, backoff: () => 0 });
    projects.push(project);
    const err = await failure(project.exportVersion());
    expect(isRedcapNetworkError(err)).toBe(true);
    expect((err as RedcapNetworkError).code).toBe('ECONNREFUSED');
    expect(err.attempts).toBe(2);
    expect(err.message).toMatch(/\(gave up after 2 attempts\)$/);
  });

  test('a body cut off by the server closing the connection is retried for reads', async () => {
    let hits = 0;
    const server = createTcpServer((socket: Socket) => {
      hits++;
      socket.once('data', () => {
        if (hits === 1) {
          // Promise 200 bytes, send 20, hang up.
          socket.end(
            'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n[{"record_id":"1","a',
          );
        } else {
          const body = '[{"record_id":"1"}]';
          socket.end(
            `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
          );
        }
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const project = new Project(`http://127.0.0.1:${port}`, TOKEN, { retries: 2, backoff: () => 0 });
    projects.push(project);
    expect(await project.exportRecords({ batchSize: false })).toEqual([{ record_id: '1' }]);
    expect(hits).toBe(2);

    // Without retries, the cut-off body surfaces as a network error.
    hits = 0;
    const once = new Project(`http://127.0.0.1:${port}`, TOKEN, { retries: 0 });
    projects.push(once);
    const err = await failure(once.exportRecords({ batchSize: false }));
    expect(isRedcapNetworkError(err)).toBe(true);
    await expectNoToken(err);
  });
});

describe('no answer in time: RedcapTimeoutError', () => {
  test('a server that never answers; reads are retried, then give up', async () => {
    let hits = 0;
    const server = createServer(() => {
      hits++; // never answer
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const project = new Project(`http://127.0.0.1:${port}`, TOKEN, { timeout: 150, retries: 1, backoff: () => 0 });
    projects.push(project);
    const started = Date.now();
    const err = await failure(project.exportMetadata());
    expect(err).toBeInstanceOf(RedcapTimeoutError);
    expect(isRedcapTimeoutError(err)).toBe(true);
    expect((err as RedcapTimeoutError).timeoutMs).toBe(150);
    expect(err.message).toBe(
      `exportMetadata: REDCap at http://127.0.0.1:${port}/api/ sent no complete answer within 150 ms. (gave up after 2 attempts)`,
    );
    expect(hits).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    server.closeAllConnections();
  });

  test('a body that stalls half-way times out too; a write is sent once and says it may have landed', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"cou'); // and nothing more
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const project = new Project(`http://127.0.0.1:${port}`, TOKEN, { timeout: 200, retries: 3, backoff: () => 0 });
    projects.push(project);
    const err = await failure(project.importRecords([{ record_id: '1', age: '3' }]));
    expect(isRedcapTimeoutError(err)).toBe(true);
    expect(err.message).toContain('It is not known whether REDCap applied the request: check before sending it again.');
    expect(hits).toBe(1);
    expect(err.attempts).toBe(1);
    server.closeAllConnections();
  });
});

describe('retry policy', () => {
  test('reads are retried with backoff after 503s and succeed', async () => {
    const waits: [number, string][] = [];
    mock = mockRedcap({
      retries: 3,
      backoff: (attempt, error) => {
        waits.push([attempt, error.kind]);
        return 1;
      },
    });
    mock.once({
      status: 503,
      body: '<html><head><title>503 Service Unavailable</title></head></html>',
      headers: { 'content-type': 'text/html' },
    });
    mock.once({ status: 503, body: { error: 'REDCap is offline for maintenance' } });
    mock.once({ body: '14.7.3', headers: { 'content-type': 'text/plain' } });
    expect(await mock.project.exportVersion()).toBe('14.7.3');
    expect(waits).toEqual([
      [1, 'http'],
      [2, 'api'],
    ]);
    expect(mock.requests).toHaveLength(3);
  });

  test('each transient status is retried for reads', async () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      const m = mockRedcap({ retries: 1 });
      m.once({ status, body: 'busy', headers: { 'content-type': 'text/plain' } });
      m.once({ body: '14.7.3', headers: { 'content-type': 'text/plain' } });
      expect(await m.project.exportVersion()).toBe('14.7.3');
      expect(m.requests).toHaveLength(2);
      await m.close();
    }
  });

  test('network failures are retried for reads', async () => {
    mock = mockRedcap({ retries: 2 });
    mock.failOnce(Object.assign(new Error('socket hang up'), { code: 'UND_ERR_SOCKET' }));
    mock.failOnce(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    mock.once({ body: [{ arm_num: 1, name: 'Arm 1' }] });
    expect(await mock.project.exportArms()).toEqual([{ arm_num: 1, name: 'Arm 1' }]);
  });

  test('Retry-After is passed to the backoff', async () => {
    const asked: (number | undefined)[] = [];
    mock = mockRedcap({
      retries: 1,
      backoff: (_n, e) => {
        asked.push((e as RedcapHttpError).retryAfterMs);
        return 0;
      },
    });
    mock.once({ status: 429, body: 'slow down', headers: { 'content-type': 'text/plain', 'retry-after': '7' } });
    mock.once({ body: '14.7.3', headers: { 'content-type': 'text/plain' } });
    await mock.project.exportVersion();
    expect(asked).toEqual([7000]);
  });

  test('writes are not retried: imports, deletes, renames, file uploads', async () => {
    mock = mockRedcap({ retries: 3 });
    mock.handle(() => ({ status: 503, body: 'busy', headers: { 'content-type': 'text/plain' } }));
    const calls: [string, Promise<unknown>][] = [
      ['importRecords', mock.project.importRecords([{ record_id: '1' }])],
      ['deleteRecords', mock.project.deleteRecords(['1'])],
      ['renameRecord', mock.project.renameRecord('1', '2')],
      ['importFile', mock.project.importFile('1', 'upload', { data: 'x', fileName: 'x.txt' })],
      ['importMetadata', mock.project.importMetadata([])],
      ['deleteArms', mock.project.deleteArms([1])],
      ['randomizeRecord', mock.project.randomizeRecord('1', 1)],
    ];
    for (const [method, call] of calls) {
      const err = await failure(call);
      expect(err.method).toBe(method);
      expect(err.attempts).toBe(1);
    }
    expect(mock.requests).toHaveLength(calls.length);
  });

  test('writes are retried when the user opts in', async () => {
    mock = mockRedcap({ retries: 2, retryWrites: true });
    mock.failOnce(Object.assign(new Error('socket hang up'), { code: 'UND_ERR_SOCKET' }));
    mock.once({ body: { count: 1 } });
    expect(await mock.project.importRecords([{ record_id: '1' }])).toEqual({ count: 1 });
  });

  test('a write that could not connect says so without claiming it may have landed', async () => {
    mock = mockRedcap({ retries: 0 });
    mock.failOnce(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }));
    const err = await failure(mock.project.deleteRecords(['1']));
    expect(err.message).not.toContain('It is not known');
    mock.failOnce(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    const err2 = await failure(mock.project.deleteRecords(['1']));
    expect(err2.message).toContain('It is not known whether REDCap applied the request');
  });
});

describe('the token never shows', () => {
  test('not in any error class, message, stack, cause, String, JSON or inspect', async () => {
    const errors: unknown[] = [];
    const collect = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        errors.push(e);
      }
    };
    mock = mockRedcap({ retries: 0 });
    // A server echoing the request (token included) in its error text and pages.
    mock.once({ status: 400, body: { error: `Invalid request token=${TOKEN}&content=record (token ${TOKEN})` } });
    mock.once({
      status: 500,
      body: `<html><head><title>Error for ${TOKEN}</title></head><body>token=${TOKEN}</body></html>`,
      headers: { 'content-type': 'text/html' },
    });
    mock.once({
      status: 200,
      body: `<b>Fatal error</b>: in request token=${TOKEN}\n{"error":"bad token ${TOKEN.toLowerCase()}"}`,
      headers: { 'content-type': 'text/html' },
    });
    mock.once({ status: 200, body: `[{"token":"${TOKEN}","cut` });
    mock.failOnce(
      Object.assign(new Error(`socket closed while sending token=${TOKEN}`), {
        code: 'UND_ERR_SOCKET',
        cause: new Error(`inner ${TOKEN}`),
      }),
    );
    await collect(mock.project.exportRecords({ batchSize: false }));
    await collect(mock.project.exportRecords({ batchSize: false }));
    await collect(mock.project.exportRecords({ batchSize: false }));
    await collect(mock.project.exportRecords({ batchSize: false }));
    await collect(mock.project.exportRecords({ batchSize: false }));
    // undici's own "not matched" error quotes the whole request body.
    mock.pool.intercept({ path: '/api/', method: 'POST', body: 'never matches' }).reply(200, '');
    await collect(mock.project.exportRecords({ batchSize: false }));
    expect(errors.map((e) => (e as RedcapError).kind)).toEqual(['api', 'http', 'http', 'http', 'network', 'network']);
    expect((errors[5] as Error).message).toContain('token=[redacted]');
    expect((errors[0] as RedcapApiError).redcapMessage).toBe(
      'Invalid request token=[redacted]&content=record (token [redacted])',
    );
    for (const e of errors) await expectNoToken(e);
  });

  test('not in timeouts', async () => {
    mock = mockRedcap({ retries: 0, timeout: 30 });
    mock.pool.intercept({ path: '/api/', method: 'POST' }).reply(200, '{"count":1}').delay(500);
    const err = await failure(mock.project.importRecords([{ record_id: '1' }]));
    expect(isRedcapTimeoutError(err)).toBe(true);
    await expectNoToken(err);
  });

  test('not in the project object', async () => {
    mock = mockRedcap();
    const { inspect } = await import('node:util');
    const shown = [
      String(mock.project),
      JSON.stringify(mock.project),
      inspect(mock.project, { showHidden: true, depth: 10 }),
      JSON.stringify(Object.entries(mock.project)),
    ];
    for (const s of shown) expect(s).not.toContain(TOKEN);
    expect(shown[0]).toBe('Project(https://redcap.test/api/)');
    expect(JSON.parse(shown[1])).toEqual({ url: 'https://redcap.test/api/' });
    expect(mock.project.revealToken()).toBe(TOKEN);
  });
});
