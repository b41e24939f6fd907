/**
 * Security: a user in one data access group cannot read, write, rename or
 * delete another group's records through any method (records, filterLogic,
 * reports, files, PDF, logging, file repository, project XML, surveys);
 * a user without rights gets nothing from any method; tokens never
 * appear in answers, server error lines, the log table, client errors or
 * notebook output; oversized bodies are refused; the server listens on
 * loopback unless told otherwise.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { isRedcapApiError } from '../../src/api/errors.js';
import { fullRights } from '../../src/server/auth/rights.js';
import { PROJECT_HANDLERS } from '../../src/server/handlers/registry.js';
import { parseOdm } from '../../src/server/odm/parse-odm.js';
import { RedcapServer, type HeldProject } from '../../src/server/redcap-server.js';
import { issueApiToken } from '../../src/server/store/api-tokens.js';
import { saveReport } from '../../src/server/store/save-report.js';
import { htmlOf, textOf } from '../../src/notebook/show.js';
import { call, fixtureFile, SUPER_TOKEN, type Reply } from '../helpers/server.js';
import { pageTexts } from '../server/pdf/pdf-text.js';

const CANARY = 'CANARY-B-7f3a';
const FORMATS = ['json', 'csv', 'xml'] as const;

type Params = Record<string, string | readonly string[]>;

/** Calls that aim at group B's record 332-3 (or everything), one or more per method. */
function attacks(reportId: number, docIdB: number, folderB = 0): { key: string; params: Params }[] {
  const b = '332-3';
  return [
    { key: 'record:export', params: {} },
    { key: 'record:export', params: { records: [b] } },
    { key: 'record:export', params: { type: 'eav', records: [b] } },
    { key: 'record:export', params: { filterLogic: `[last_name] = '${CANARY}'` } },
    {
      key: 'record:export',
      params: { filterLogic: "[record_id] = '332-3' or [last_name] <> ''", exportDataAccessGroups: 'true' },
    },
    {
      key: 'record:export',
      params: { rawOrLabel: 'label', exportDataAccessGroups: 'true', fields: ['record_id', 'last_name', 'scan'] },
    },
    { key: 'record:import', params: { data: `[{"record_id":"${b}","last_name":"hijacked"}]` } },
    {
      key: 'record:import',
      params: { type: 'eav', data: `[{"record":"${b}","field_name":"last_name","value":"hijacked"}]` },
    },
    {
      key: 'record:import',
      params: { data: `[{"record_id":"${b}","last_name":"hijacked"}]`, overwriteBehavior: 'overwrite' },
    },
    { key: 'record:import', params: { data: '[{"record_id":"331-1","redcap_data_access_group":"dagb"}]' } },
    { key: 'record:delete', params: { records: [b] } },
    { key: 'record:delete', params: { records: [b], instrument: 'demographics' } },
    { key: 'record:rename', params: { record: b, new_record_name: 'stolen' } },
    { key: 'record:rename', params: { record: '331-1', new_record_name: b } },
    { key: 'file:export', params: { record: b, field: 'scan' } },
    { key: 'file:import', params: { record: b, field: 'scan' } },
    { key: 'file:delete', params: { record: b, field: 'scan' } },
    { key: 'pdf:export', params: { record: b } },
    { key: 'pdf:export', params: { allRecords: 'true' } },
    { key: 'report:export', params: { report_id: String(reportId) } },
    { key: 'log:export', params: {} },
    { key: 'log:export', params: { record: b } },
    { key: 'log:export', params: { dag: 'dagb' } },
    { key: 'project_xml:export', params: { returnMetadataOnly: 'false', exportDataAccessGroups: 'true' } },
    { key: 'project_xml:export', params: { filterLogic: `[last_name] = '${CANARY}'` } },
    { key: 'fileRepository:list', params: {} },
    { key: 'fileRepository:list', params: { folder_id: String(folderB) } },
    { key: 'fileRepository:import', params: { folder_id: String(folderB) } },
    { key: 'fileRepository:createFolder', params: { name: 'inside', folder_id: String(folderB) } },
    { key: 'fileRepository:export', params: { doc_id: String(docIdB) } },
    { key: 'fileRepository:delete', params: { doc_id: String(docIdB) } },
    { key: 'surveyLink:export', params: { record: b, instrument: 'demographics' } },
    { key: 'surveyQueueLink:export', params: { record: b } },
    { key: 'surveyReturnCode:export', params: { record: b, instrument: 'demographics' } },
    { key: 'record:randomize', params: { record: b, randomization_id: '1' } },
    { key: 'dag:switch', params: { dag: 'dagb' } },
    { key: 'userDagMapping:import', params: { data: '[{"username":"site_a","redcap_data_access_group":"dagb"}]' } },
    { key: 'dag:export', params: {} },
  ];
}

describe('security', () => {
  let server: RedcapServer;
  const serverErrors: string[] = [];
  const replies: Reply[] = [];
  beforeAll(async () => {
    server = await RedcapServer.start({
      db: ':memory:',
      port: 0,
      superToken: SUPER_TOKEN,
      onError: (l) => serverErrors.push(l),
    });
  });
  afterAll(async () => {
    await server?.close();
  });
  const send = async (url: string, params: Params): Promise<Reply> => {
    const r = await call(url, params as Record<string, string>);
    replies.push(r);
    return r;
  };

  describe('data access groups', () => {
    let held: HeldProject;
    let siteA: string;
    let docIdB = 0;
    let folderB = 0;
    let reportId = 0;
    const groupId = (name: string) =>
      (
        server.db
          .prepare('SELECT group_id FROM dags WHERE project_id = ? AND unique_name = ?')
          .get(held.projectId, name) as { group_id: number }
      ).group_id;
    /** Everything stored about group B's record and group B's files. */
    const groupB = () => {
      const q = (sql: string) => JSON.stringify(server.db.prepare(sql).raw(true).all(held.projectId));
      return createHash('sha256')
        .update(q("SELECT record, packed FROM record_values WHERE project_id = ? AND record = '332-3'"))
        .update(
          q(
            "SELECT arm_num, record, group_id FROM records WHERE project_id = ? AND (record = '332-3' OR group_id IS NOT NULL) ORDER BY 2",
          ),
        )
        .update(q("SELECT record, field_name, doc_id FROM record_files WHERE project_id = ? AND record = '332-3'"))
        .update(
          q(
            'SELECT f.doc_id, d.name FROM repo_files f JOIN docs d ON d.doc_id = f.doc_id WHERE d.project_id = ? ORDER BY 1',
          ),
        )
        .update(q('SELECT folder_id, parent_id, name, group_id FROM repo_folders WHERE project_id = ? ORDER BY 1'))
        .update(q("SELECT username, group_id FROM users WHERE project_id = ? AND username = 'site_a'"))
        .digest('hex');
    };

    beforeAll(async () => {
      held = server.addProject(parseOdm(fixtureFile('dag', 'project.xml')), 'security-dag');
      const admin = new Project(server.url, held.token);
      // A file field, a canary value and a file in group B's record; a report over every record.
      const dictionary = await admin.exportMetadata();
      await admin.importMetadata([
        ...dictionary,
        {
          ...dictionary[1],
          field_name: 'scan',
          field_type: 'file',
          field_label: 'Scan',
          section_header: '',
          identifier: '',
        },
      ]);
      await admin.importRecords([{ record_id: '332-3', last_name: CANARY }]);
      await admin.importFile('332-3', 'scan', {
        data: new TextEncoder().encode(`${CANARY} file`),
        fileName: 'b-scan.txt',
        contentType: 'text/plain',
      });
      reportId = saveReport(server.db, held.projectId, {
        title: 'All',
        fields: ['record_id', 'first_name', 'last_name'],
      });
      await admin.close();
      const rights = { ...fullRights(['demographics']), user_rights: 0 };
      siteA = issueApiToken(server.db, held.projectId, 'site_a', { groupId: groupId('daga'), rights });
      const siteB = issueApiToken(server.db, held.projectId, 'site_b', { groupId: groupId('dagb'), rights });
      const b = new Project(server.url, siteB);
      // Repository files are shared unless their folder is limited to a group (as in REDCap): B's folder is.
      const folder = await b.createFolder('site B only', { dagId: groupId('dagb') });
      await b.importRepositoryFile(
        { data: new TextEncoder().encode(`${CANARY} repository`), fileName: 'b-only.txt', contentType: 'text/plain' },
        { folderId: folder.folder_id },
      );
      folderB = folder.folder_id;
      docIdB = (await b.listFileRepository({ folderId: folderB })).find((f) => f.name === 'b-only.txt')!.doc_id!;
      await b.close();
      expect(docIdB).toBeGreaterThan(0);
    });

    it('covers every method that touches records, files or the log', () => {
      const keys = new Set(attacks(0, 0).map((a) => a.key));
      const touching = Object.keys(PROJECT_HANDLERS).filter((k) =>
        /^(record|file|fileRepository|pdf|report|log|project_xml|survey\w*|participantList):/.test(k),
      );
      expect(
        touching.filter((k) => !keys.has(k) && !['surveyAccessCode:export', 'participantList:export'].includes(k)),
      ).toEqual([]);
    });

    it('a site A user reads nothing of group B and changes nothing of it, through any method, in any format', async () => {
      const before = groupB();
      let calls = 0;
      for (const { key, params } of attacks(reportId, docIdB, folderB)) {
        const [content, action] = key.split(':');
        for (const format of FORMATS) {
          const r = await send(server.url, { token: siteA, content, action, format, returnFormat: format, ...params });
          calls += 1;
          const shown = r.contentType.includes('pdf') ? (await pageTexts(r.bytes)).join('\n') : r.text;
          expect(shown, `${key} ${JSON.stringify(params)} (${format})`).not.toContain(CANARY);
          // Refusals may repeat the record name they were given; nothing else of group B shows, and answers that succeed hold none of it.
          expect(shown, `${key} (${format})`).not.toMatch(/\bcc\b|b-scan|b-only/);
          if (r.status < 400) expect(shown, `${key} ${JSON.stringify(params)} (${format})`).not.toMatch(/332-3|dagb/);
          // A write is refused, or (data read in another format than it was written) finds nothing to do.
          if (/:(import|delete|rename|randomize|switch|createFolder)$/.test(key) && r.status < 400) {
            expect(r.text.trim(), `${key} ${JSON.stringify(params)} (${format})`).toMatch(
              /^(0|\{"count":0\}|(<\?xml[^>]*\?>\s*)?<count>0<\/count>|\[\]|id)$/,
            );
          }
          if (key === 'pdf:export' && params.allRecords) expect(shown).toContain('aa');
        }
      }
      expect(calls).toBe(attacks(0, 0).length * 3);
      expect(groupB()).toBe(before);
      // Group A's own data stays reachable: the refusals are about the group, not the user.
      const own = await send(server.url, { token: siteA, content: 'record', format: 'json', fields: ['record_id'] });
      expect(JSON.parse(own.text).map((r: { record_id: string }) => r.record_id)).toEqual(['331-1', '331-2']);
      expect(serverErrors).toEqual([]);
    });

    it('a user with no rights gets nothing from any method, and changes nothing', async () => {
      const none = issueApiToken(server.db, held.projectId, 'nobody', { rights: {} });
      const before = groupB();
      const answered: string[] = [];
      for (const key of Object.keys(PROJECT_HANDLERS)) {
        const [content, action] = key.split(':');
        const r = await send(server.url, {
          token: none,
          content,
          action,
          format: 'json',
          record: '332-3',
          records: ['332-3'],
          data: '[]',
          doc_id: String(docIdB),
        });
        if (r.status < 400) answered.push(key);
        // Switching groups needs no right, only an assignment to the group (which this user lacks).
        else if (key !== 'dag:switch') expect(JSON.parse(r.text).error, key).toMatch(/privileges|permission/i);
        expect(r.text).not.toContain(CANARY);
      }
      // Only the version is answered to any valid token, as REDCap does.
      expect(answered).toEqual(['version:export']);
      expect(groupB()).toBe(before);
    });
  });

  describe('tokens', () => {
    it('never appear in answers, server error lines, the log table, client errors or notebook output', async () => {
      const held = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), 'security-tokens');
      const token = held.token;
      const wrong = 'C0FFEE'.padEnd(32, '0');
      // Calls that succeed, fail, carry the token in odd places, or use a wrong one.
      await send(server.url, { token, content: 'record', format: 'json' });
      await send(server.url, {
        token,
        content: 'record',
        action: 'import',
        format: 'json',
        data: '[{"record_id":"t1","name_first":"x","bogus":"y"}]',
      });
      await send(server.url, {
        token,
        content: 'record',
        action: 'import',
        format: 'csv',
        data: 'record_id,dob\nt2,2024-02-30\n',
      });
      await send(server.url, {
        token,
        content: 'record',
        action: 'import',
        format: 'json',
        data: '[{"record_id":"t3","name_first":"ok"}]',
      });
      await send(server.url, { token, content: 'record', action: 'delete', format: 'json', records: ['t3', 'nope'] });
      await send(server.url, { token, content: 'record', action: 'delete', format: 'json', records: ['t3'] });
      await send(server.url, { token: wrong, content: 'record', format: 'json' });
      await send(server.url, { token: `${token}extra`, content: 'record', format: 'xml' });
      await send(server.url, { token: token.toLowerCase(), content: 'nonsense', format: 'csv' });
      await send(server.url, { token, content: 'log', format: 'json' });
      await send(server.url, { token, content: 'project_xml', format: 'json' });
      await send(server.url, {
        token: SUPER_TOKEN,
        content: 'project',
        data: '[{"project_title":"t","purpose":"0"}]',
        format: 'json',
      });
      for (const r of replies) {
        for (const secret of [token, SUPER_TOKEN, wrong]) expect(r.text.toUpperCase()).not.toContain(secret);
      }
      for (const line of serverErrors) expect(line.toUpperCase()).not.toMatch(/[0-9A-F]{32}/);
      const logged = JSON.stringify(server.db.prepare('SELECT * FROM log').all()).toUpperCase();
      expect(logged.length).toBeGreaterThan(100);
      for (const secret of [token, SUPER_TOKEN, wrong]) expect(logged).not.toContain(secret);
      // The client: errors of every kind, its own display, and notebook output.
      const project = new Project(server.url, token, { retries: 0 });
      const errors: unknown[] = [];
      errors.push(await project.importRecords([{ record_id: 'x', dob: token }]).catch((e: unknown) => e));
      errors.push(await project.exportRecords({ filterLogic: `[${token}] = 1` }).catch((e: unknown) => e));
      errors.push(await project.callApi('nonsense', { token: 'F'.repeat(32), note: token }).catch((e: unknown) => e));
      errors.push(
        await new Project('http://127.0.0.1:9/api/', token, { retries: 0 }).exportVersion().catch((e: unknown) => e),
      );
      expect(errors.every((e) => e instanceof Error)).toBe(true);
      expect(isRedcapApiError(errors[0])).toBe(true);
      const shown = [
        ...errors.map((e) => `${String(e)} ${(e as Error).stack} ${inspect(e, { depth: 8 })} ${JSON.stringify(e)}`),
        String(project),
        JSON.stringify(project),
        inspect(project, { depth: 8, showHidden: true }),
        textOf(project),
        htmlOf(project) ?? '',
        textOf(errors[0]),
        htmlOf(errors[0]) ?? '',
      ].join('\n');
      expect(shown.toUpperCase()).not.toContain(token);
      expect(shown).toContain('[redacted]');
      await project.close();
    });
  });

  describe('request bodies and binding', () => {
    let small: RedcapServer;
    let held: HeldProject;
    const LIMIT = 64 * 1024;
    beforeAll(async () => {
      small = await RedcapServer.start({ db: ':memory:', port: 0, maxBodyBytes: LIMIT });
      held = small.addProject(parseOdm(fixtureFile('simple', 'project.xml')), 'security-bodies');
    });
    afterAll(async () => {
      await small?.close();
    });
    const records = () =>
      small.db.prepare('SELECT COUNT(*) FROM records WHERE project_id = ?').pluck().get(held.projectId) as number;

    /** A raw POST (optionally chunked, with no Content-Length) and its answer. */
    const raw = (body: Buffer, contentType: string, chunked: boolean): Promise<{ status: number; text: string }> =>
      new Promise((resolve, reject) => {
        const url = new URL(small.url);
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { 'content-type': contentType, ...(chunked ? {} : { 'content-length': body.length }) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          },
        );
        // The server may answer and close before reading everything.
        req.on('error', (e) =>
          String(e).includes('EPIPE') || String(e).includes('ECONNRESET')
            ? resolve({ status: -1, text: String(e) })
            : reject(e),
        );
        if (chunked) {
          for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.subarray(i, i + 16 * 1024));
          req.end();
        } else req.end(body);
      });

    const rows = (n: number) =>
      JSON.stringify(Array.from({ length: n }, (_, i) => ({ record_id: `big-${i}`, name_first: 'x'.repeat(40) })));
    const form = (data: string) =>
      Buffer.from(
        new URLSearchParams({
          token: held.token,
          content: 'record',
          action: 'import',
          format: 'json',
          returnFormat: 'json',
          data,
        }).toString(),
      );
    const multipart = (fields: Record<string, string>, file?: Buffer) => {
      const boundary = 'xXxBoundaryxXx';
      const parts = Object.entries(fields).map(
        ([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      );
      const head = Buffer.from(
        parts.join('') +
          (file
            ? `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="f.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`
            : ''),
      );
      const tail = Buffer.from(`${file ? '\r\n' : ''}--${boundary}--\r\n`);
      return {
        body: Buffer.concat([head, file ?? Buffer.alloc(0), tail]),
        type: `multipart/form-data; boundary=${boundary}`,
      };
    };

    it('refuses oversized bodies with 413 and writes nothing, declared or chunked, form or multipart', async () => {
      const before = records();
      const cases: { name: string; body: Buffer; type: string; chunked: boolean }[] = [
        {
          name: 'declared form body',
          body: form(rows(2000)),
          type: 'application/x-www-form-urlencoded',
          chunked: false,
        },
        { name: 'chunked form body', body: form(rows(2000)), type: 'application/x-www-form-urlencoded', chunked: true },
        {
          name: 'multipart file',
          ...(() => {
            const m = multipart(
              { token: held.token, content: 'fileRepository', action: 'import', returnFormat: 'json' },
              Buffer.alloc(LIMIT * 2, 1),
            );
            return { body: m.body, type: m.type };
          })(),
          chunked: true,
        },
        {
          name: 'multipart of many fields',
          ...(() => {
            const m = multipart({
              token: held.token,
              content: 'record',
              action: 'import',
              format: 'json',
              returnFormat: 'json',
              data: rows(300),
              pad1: 'p'.repeat(LIMIT - 1000),
              pad2: 'p'.repeat(LIMIT - 1000),
            });
            return { body: m.body, type: m.type };
          })(),
          chunked: true,
        },
      ];
      for (const c of cases) {
        const r = await raw(c.body, c.type, c.chunked);
        expect([413, -1], `${c.name}: ${r.status} ${r.text.slice(0, 200)}`).toContain(r.status);
        if (r.status === 413) expect(r.text).toMatch(/larger than the server accepts/);
      }
      expect(records()).toBe(before);
      expect(
        small.db
          .prepare('SELECT COUNT(*) FROM repo_files f JOIN docs d ON d.doc_id = f.doc_id WHERE d.project_id = ?')
          .pluck()
          .get(held.projectId),
      ).toBe(0);
      // Just under the limit is served.
      const ok = await raw(form(rows(100)), 'application/x-www-form-urlencoded', true);
      expect(ok.status).toBe(200);
      expect(records()).toBe(before + 100);
    });

    it('listens on loopback unless told otherwise', async () => {
      expect(new URL(small.url).hostname).toBe('127.0.0.1');
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
      const v6 = await RedcapServer.start({ db: ':memory:', port: 0, host: '::1' }).catch(() => undefined);
      if (v6) {
        expect(new URL(v6.url).hostname).toBe('[::1]');
        await v6.close();
      }
    });
  });
});
