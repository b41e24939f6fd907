import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import { fullRights } from '../../../src/server/auth/rights.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, copyFixture, startServer, type Reply } from '../../helpers/server.js';

type Row = Record<string, string | number>;

async function upload(
  url: string,
  params: Record<string, string>,
  file: { name: string; type: string; data: Uint8Array },
): Promise<Reply> {
  const form = new FormData();
  for (const [k, v] of Object.entries(params)) form.append(k, v);
  form.append('file', new Blob([file.data], { type: file.type }), file.name);
  const res = await fetch(url, { method: 'POST', body: form });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text: new TextDecoder().decode(bytes),
    bytes,
  };
}

describe('file repository', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates folders (json, csv, xml answers), lists folders then files, and round-trips file bytes', async () => {
    const { token } = copy('file-repo');
    expect(await callJson<Row[]>(server.url, { token, content: 'fileRepository', action: 'list' })).toEqual([]);
    const [{ folder_id: reports }] = await callJson<{ folder_id: number }[]>(server.url, {
      token,
      content: 'fileRepository',
      action: 'createFolder',
      name: 'Reports',
    });
    expect(Number.isInteger(reports)).toBe(true);
    const csv = await call(server.url, {
      token,
      content: 'fileRepository',
      action: 'createFolder',
      format: 'csv',
      name: 'Consent forms',
    });
    const consent = Number(parseCsv(csv.text).rows[0].folder_id);
    expect(csv.text).toBe(`folder_id\n${consent}\n`);
    const xml = await call(server.url, {
      token,
      content: 'fileRepository',
      action: 'createFolder',
      format: 'xml',
      name: '2024',
      folder_id: String(reports),
    });
    expect(xml.text).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8" \?>\n<items>\n<item><folder_id><!\[CDATA\[\d+\]\]><\/folder_id><\/item>\n<\/items>\n$/,
    );

    const data = new Uint8Array(2000).map((_, i) => (i * 31 + 7) % 256);
    const r = await upload(
      server.url,
      { token, content: 'fileRepository', action: 'import', format: 'json', folder_id: String(reports) },
      { name: 'summary.pdf', type: 'application/pdf', data },
    );
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    await upload(
      server.url,
      { token, content: 'fileRepository', action: 'import' },
      { name: 'top.txt', type: 'text/plain', data: new TextEncoder().encode('top level') },
    );

    const top = await callJson<Row[]>(server.url, { token, content: 'fileRepository', action: 'list' });
    expect(top.map((x) => x.name)).toEqual(['Consent forms', 'Reports', 'top.txt']);
    expect(Object.keys(top[0])).toEqual(['folder_id', 'name']);
    expect(Object.keys(top[2])).toEqual(['doc_id', 'name']);
    const inside = await callJson<Row[]>(server.url, {
      token,
      content: 'fileRepository',
      action: 'list',
      folder_id: String(reports),
    });
    expect(inside.map((x) => x.name)).toEqual(['2024', 'summary.pdf']);
    const listCsv = parseCsv(
      (
        await call(server.url, {
          token,
          content: 'fileRepository',
          action: 'list',
          format: 'csv',
          folder_id: String(reports),
        })
      ).text,
    );
    expect(listCsv.header).toEqual(['folder_id', 'doc_id', 'name']);
    expect(listCsv.rows[1].folder_id).toBe('');
    const listXml = (
      await call(server.url, {
        token,
        content: 'fileRepository',
        action: 'list',
        format: 'xml',
        folder_id: String(reports),
      })
    ).text;
    expect(listXml).toContain('<name><![CDATA[summary.pdf]]></name>');
    // The default action of fileRepository is list.
    expect(await callJson<Row[]>(server.url, { token, content: 'fileRepository' })).toEqual(top);

    const docId = inside[1].doc_id;
    const back = await call(server.url, { token, content: 'fileRepository', action: 'export', doc_id: String(docId) });
    expect(back.contentType).toBe('application/pdf; name="summary.pdf"');
    expect(Buffer.from(back.bytes).equals(Buffer.from(data))).toBe(true);

    const del = await call(server.url, {
      token,
      content: 'fileRepository',
      action: 'delete',
      format: 'json',
      doc_id: String(docId),
    });
    expect(del.status).toBe(200);
    const gone = await call(server.url, {
      token,
      content: 'fileRepository',
      action: 'export',
      format: 'json',
      doc_id: String(docId),
    });
    expect(gone.status).toBe(400);
    expect(JSON.parse(gone.text).error).toBe(`The doc_id '${docId}' is not a valid file in the File Repository`);
    const actions = server.db
      .prepare("SELECT action FROM log WHERE action LIKE '%File Repository (API)'")
      .pluck()
      .all();
    expect(actions).toEqual(
      expect.arrayContaining([
        'Create folder in File Repository (API)',
        'Upload file to File Repository (API)',
        'Download file from File Repository (API)',
        'Delete file from File Repository (API)',
      ]),
    );
  });

  it('refuses bad folders, names, DAGs, roles and documents', async () => {
    const { token } = copy('file-repo');
    const cases: [Record<string, string>, string][] = [
      [{ action: 'createFolder' }, 'The parameter "name" is missing'],
      [
        { action: 'createFolder', name: 'X', folder_id: '999' },
        `The folder_id '999' is not a valid folder in the File Repository`,
      ],
      [
        { action: 'createFolder', name: 'X', dag_id: '999' },
        `The dag_id '999' is not a valid data access group of the project`,
      ],
      [
        { action: 'createFolder', name: 'X', role_id: '999' },
        `The role_id '999' is not a valid user role of the project`,
      ],
      [{ action: 'list', folder_id: 'abc' }, `The folder_id 'abc' is not a valid folder in the File Repository`],
      [{ action: 'export' }, 'The parameter "doc_id" is missing'],
      [{ action: 'delete', doc_id: '424242' }, `The doc_id '424242' is not a valid file in the File Repository`],
      [{ action: 'import' }, 'No file was uploaded: send it as the multipart part named "file"'],
    ];
    for (const [params, message] of cases) {
      const r = await call(server.url, { token, content: 'fileRepository', format: 'json', ...params });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text).error).toBe(message);
    }
    await call(server.url, { token, content: 'fileRepository', action: 'createFolder', name: 'Same' });
    const twice = await call(server.url, {
      token,
      content: 'fileRepository',
      action: 'createFolder',
      format: 'csv',
      name: 'same',
    });
    expect(twice.text).toBe(`ERROR: A folder named 'same' already exists in this folder`);
    // A file of a file-upload field is not a repository file.
    const fieldDoc = server.db.prepare('SELECT doc_id FROM record_files LIMIT 1').pluck().get() as number;
    const notRepo = await call(server.url, {
      token,
      content: 'fileRepository',
      action: 'export',
      format: 'json',
      doc_id: String(fieldDoc),
    });
    expect(notRepo.status).toBe(400);
  });

  it('hides folders limited to another DAG or role, with their files', async () => {
    const held = copy('file-repo');
    const pid = held.projectId;
    const groupA = Number(
      server.db
        .prepare("INSERT INTO dags (project_id, group_name, unique_name) VALUES (?, 'Site A', 'site_a')")
        .run(pid).lastInsertRowid,
    );
    const groupB = Number(
      server.db
        .prepare("INSERT INTO dags (project_id, group_name, unique_name) VALUES (?, 'Site B', 'site_b')")
        .run(pid).lastInsertRowid,
    );
    const rights = { api_export: 1, api_import: 1, file_repository: 1 };
    const siteA = issueApiToken(server.db, pid, 'site_a_user', { groupId: groupA, rights });
    const admin = held.token;
    const folderFor = async (name: string, extra: Record<string, string>) =>
      (
        await callJson<{ folder_id: number }[]>(server.url, {
          token: admin,
          content: 'fileRepository',
          action: 'createFolder',
          name,
          ...extra,
        })
      )[0].folder_id;
    const aFolder = await folderFor('A only', { dag_id: String(groupA) });
    const bFolder = await folderFor('B only', { dag_id: String(groupB) });
    const nested = await folderFor('Inside B', { folder_id: String(bFolder) });
    await upload(
      server.url,
      { token: admin, content: 'fileRepository', action: 'import', folder_id: String(bFolder) },
      { name: 'secret.txt', type: 'text/plain', data: new Uint8Array([1, 2]) },
    );
    const secretId = (
      await callJson<Row[]>(server.url, {
        token: admin,
        content: 'fileRepository',
        action: 'list',
        folder_id: String(bFolder),
      })
    ).find((x) => x.name === 'secret.txt')!.doc_id;

    expect((await callJson<Row[]>(server.url, { token: admin, content: 'fileRepository' })).map((x) => x.name)).toEqual(
      ['A only', 'B only'],
    );
    expect((await callJson<Row[]>(server.url, { token: siteA, content: 'fileRepository' })).map((x) => x.name)).toEqual(
      ['A only'],
    );
    for (const folder of [bFolder, nested]) {
      const r = await call(server.url, {
        token: siteA,
        content: 'fileRepository',
        action: 'list',
        format: 'json',
        folder_id: String(folder),
      });
      expect(JSON.parse(r.text).error).toBe(`The folder_id '${folder}' is not a valid folder in the File Repository`);
    }
    for (const action of ['export', 'delete']) {
      const r = await call(server.url, {
        token: siteA,
        content: 'fileRepository',
        action,
        format: 'json',
        doc_id: String(secretId),
      });
      expect(JSON.parse(r.text).error).toBe(`The doc_id '${secretId}' is not a valid file in the File Repository`);
    }
    // A DAG user's new folders belong to its DAG; another DAG is refused.
    const own = (
      await callJson<{ folder_id: number }[]>(server.url, {
        token: siteA,
        content: 'fileRepository',
        action: 'createFolder',
        name: 'Mine',
        folder_id: String(aFolder),
      })
    )[0].folder_id;
    expect(server.db.prepare('SELECT group_id FROM repo_folders WHERE folder_id = ?').pluck().get(own)).toBe(groupA);
    const other = await call(server.url, {
      token: siteA,
      content: 'fileRepository',
      action: 'createFolder',
      format: 'json',
      name: 'Theirs',
      dag_id: String(groupB),
    });
    expect(JSON.parse(other.text).error).toBe(
      'You are in a data access group and cannot create a folder for another group',
    );

    // Roles: a folder limited to role 1 is hidden from a user holding role 2.
    const roleRights = JSON.stringify({ ...fullRights(['form_1']) });
    const role1 = Number(
      server.db
        .prepare(
          "INSERT INTO roles (project_id, unique_role_name, role_label, rights_json) VALUES (?, 'U-ROLE1', 'One', ?)",
        )
        .run(pid, roleRights).lastInsertRowid,
    );
    const role2 = Number(
      server.db
        .prepare(
          "INSERT INTO roles (project_id, unique_role_name, role_label, rights_json) VALUES (?, 'U-ROLE2', 'Two', ?)",
        )
        .run(pid, roleRights).lastInsertRowid,
    );
    await folderFor('Role one', { role_id: String(role1) });
    const roleTwoUser = issueApiToken(server.db, pid, 'role_two_user', { rights });
    server.db
      .prepare('UPDATE users SET role_id = ? WHERE project_id = ? AND username = ?')
      .run(role2, pid, 'role_two_user');
    expect(
      (await callJson<Row[]>(server.url, { token: roleTwoUser, content: 'fileRepository' })).map((x) => x.name),
    ).not.toContain('Role one');
    expect(
      (await callJson<Row[]>(server.url, { token: admin, content: 'fileRepository' })).map((x) => x.name),
    ).toContain('Role one');
  });

  it('needs the File Repository right plus api_export or api_import', async () => {
    const held = copy('file-repo');
    const noRepo = issueApiToken(server.db, held.projectId, 'no_repo', { rights: { api_export: 1, api_import: 1 } });
    const r = await call(server.url, { token: noRepo, content: 'fileRepository', action: 'list', format: 'json' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error).toBe('You do not have File Repository privileges');
    const readOnly = issueApiToken(server.db, held.projectId, 'read_only', {
      rights: { api_export: 1, file_repository: 1 },
    });
    expect(
      (await call(server.url, { token: readOnly, content: 'fileRepository', action: 'list', format: 'json' })).status,
    ).toBe(200);
    for (const action of ['createFolder', 'delete']) {
      const res = await call(server.url, {
        token: readOnly,
        content: 'fileRepository',
        action,
        format: 'xml',
        name: 'X',
        doc_id: '1',
      });
      expect(res.status).toBe(403);
      expect(res.text).toContain('<error>You do not have API Import/Update privileges</error>');
    }
    const imp = await upload(
      server.url,
      { token: readOnly, content: 'fileRepository', action: 'import', format: 'json' },
      { name: 'a.txt', type: 'text/plain', data: new Uint8Array([1]) },
    );
    expect(imp.status).toBe(403);
    const writeOnly = issueApiToken(server.db, held.projectId, 'write_only', {
      rights: { api_import: 1, file_repository: 1 },
    });
    const list = await call(server.url, {
      token: writeOnly,
      content: 'fileRepository',
      action: 'list',
      format: 'json',
    });
    expect(JSON.parse(list.text).error).toBe('You do not have API Export privileges');
  });
});
