import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedcapServer } from '../../../src/server/redcap-server.js';
import { call, loadFixture, startServer } from '../../helpers/server.js';

describe('the API over HTTP', () => {
  let server: RedcapServer;
  let token: string;
  beforeAll(async () => {
    server = await startServer();
    token = loadFixture(server, 'simple').token;
  });
  afterAll(async () => {
    await server.close();
  });

  it('binds to loopback and answers a version', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const r = await call(server.url, { token, content: 'version' });
    expect(r.status).toBe(200);
    expect(r.text).toBe('14.7.3');
  });

  it('refuses anything but POST with 501 in XML', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(501);
    expect(await res.text()).toContain('<error>The requested method is not implemented.</error>');
  });

  it('answers 404 HTML for other paths', async () => {
    const res = await fetch(server.url.replace('/api/', '/other/'), { method: 'POST', body: 'x=1' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('refuses a missing or malformed token with 401 and an unknown one with 403', async () => {
    expect((await call(server.url, { content: 'version', format: 'json' })).status).toBe(401);
    expect((await call(server.url, { token: 'abc', content: 'version', format: 'json' })).status).toBe(401);
    const unknown = await call(server.url, { token: 'F'.repeat(32), content: 'record', format: 'json' });
    expect(unknown.status).toBe(403);
    expect(JSON.parse(unknown.text)).toEqual({ error: 'You do not have permissions to use the API' });
  });

  it('uses REDCap error shapes in each format, defaulting to XML', async () => {
    const json = await call(server.url, { token, content: 'nope', format: 'json' });
    expect(json.status).toBe(400);
    expect(JSON.parse(json.text)).toEqual({ error: 'The value of the parameter "content" is not valid' });
    const csv = await call(server.url, { token, content: 'nope', format: 'csv' });
    expect(csv.text).toBe('ERROR: The value of the parameter "content" is not valid');
    const xml = await call(server.url, { token, content: 'nope' });
    expect(xml.text).toBe(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<hash>\n  <error>The value of the parameter "content" is not valid</error>\n</hash>',
    );
    const returnFormat = await call(server.url, {
      token,
      content: 'record',
      format: 'csv',
      returnFormat: 'json',
      fields: ['nope'],
    });
    expect(JSON.parse(returnFormat.text).error).toBe(
      `The following values in the parameter "fields" are not valid: 'nope'`,
    );
  });

  it('never echoes the token in an error', async () => {
    for (const params of [
      { content: 'nope' },
      { content: 'record', fields: ['x'] },
      { content: 'record', action: 'import', data: '[{' },
    ]) {
      const r = await call(server.url, { token, format: 'json', ...params });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.text).not.toContain(token);
    }
  });

  it('refuses an oversized body with 413 and a clear message', async () => {
    const small = await RedcapServer.start({ db: ':memory:', port: 0, maxBodyBytes: 1000 });
    try {
      const held = small.loadProjectFile(
        new URL('../../fixtures/redcapr/simple/project.xml', import.meta.url).pathname,
      );
      const r = await call(small.url, {
        token: held.token,
        content: 'record',
        action: 'import',
        format: 'json',
        data: 'x'.repeat(5000),
      });
      expect(r.status).toBe(413);
      expect(r.text).toContain('larger than the server accepts');
    } finally {
      await small.close();
    }
  });

  it('reads multipart bodies and comma-joined arrays too', async () => {
    const form = new FormData();
    form.append('token', token);
    form.append('content', 'record');
    form.append('format', 'json');
    form.append('records', '1,2');
    form.append('fields', 'record_id');
    const res = await fetch(server.url, { method: 'POST', body: form });
    expect(await res.json()).toEqual([{ record_id: '1' }, { record_id: '2' }]);
  });
});
