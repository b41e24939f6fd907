import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, copyFixture, fixtureFile, startServer, type Reply } from '../../helpers/server.js';

type Row = Record<string, string | number>;

/** A multipart call with the file as the part named `file`. */
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

/** Every byte value, twice, and some random ones: a file no text handling would keep intact. */
function binaryBytes(): Uint8Array {
  const out = new Uint8Array(1024 + 333);
  for (let i = 0; i < 512; i++) out[i] = i % 256;
  for (let i = 512; i < out.length; i++) out[i] = (i * 7919 + 13) % 251;
  return out;
}

describe('files in file-upload fields', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('exports a signature loaded from the project XML with its type and name', async () => {
    const { token } = copy('file-repo');
    const def = parseOdm(fixtureFile('file-repo', 'project.xml'));
    const stored = def.files.find((f) => f.record === '1')!;
    const r = await call(server.url, { token, content: 'file', action: 'export', record: '1', field: 'signature' });
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('image/png; name="signature_2024-10-25_1015.png"');
    expect(Buffer.from(r.bytes).equals(Buffer.from(stored.data))).toBe(true);
    // A PNG signature really is a PNG.
    expect([...r.bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('imports a file, sets the field to its name, and exports the same bytes (json, csv and xml answers alike)', async () => {
    const { token } = copy('file-repo');
    const data = binaryBytes();
    for (const format of ['json', 'csv', 'xml']) {
      const name = `scan-${format}.bin`;
      const r = await upload(
        server.url,
        { token, content: 'file', action: 'import', format, record: '2', field: 'signature' },
        { name, type: 'application/x-scan', data },
      );
      expect(r.status).toBe(200);
      expect(r.text).toBe('');
      const back = await call(server.url, {
        token,
        content: 'file',
        action: 'export',
        format,
        record: '2',
        field: 'signature',
      });
      expect(back.contentType).toBe(`application/x-scan; name="${name}"`);
      expect(Buffer.from(back.bytes).equals(Buffer.from(data))).toBe(true);
      const [row] = await callJson<Row[]>(server.url, {
        token,
        content: 'record',
        records: ['2'],
        fields: ['signature'],
      });
      expect(row.signature).toBe(name);
    }
    // Replacing left one document for the field.
    expect(
      server.db
        .prepare(
          "SELECT COUNT(*) FROM record_files WHERE record = '2' AND field_name = 'signature' AND project_id = (SELECT project_id FROM users WHERE token = ?)",
        )
        .pluck()
        .get(token),
    ).toBe(1);
    const log = server.db
      .prepare(
        "SELECT action, details, record FROM log WHERE action IN ('Upload document (API)', 'Update record (API)') AND record = '2' ORDER BY log_id DESC LIMIT 1",
      )
      .get() as Row;
    expect(log.details).toBe(`signature = 'scan-xml.bin'`);
  });

  it('keeps non-ASCII file names and guesses the type of a generic upload from its extension', async () => {
    const { token } = copy('file-repo');
    const name = 'подпись 1.png';
    const r = await upload(
      server.url,
      { token, content: 'file', action: 'import', record: '1', field: 'signature' },
      { name, type: 'application/octet-stream', data: new Uint8Array([1, 2, 3]) },
    );
    expect(r.status).toBe(200);
    const back = await call(server.url, { token, content: 'file', action: 'export', record: '1', field: 'signature' });
    expect(back.contentType.startsWith('image/png; name="')).toBe(true);
    expect(back.contentType).toContain(`name*=UTF-8''${encodeURIComponent(name)}`);
    const [row] = await callJson<Row[]>(server.url, {
      token,
      content: 'record',
      records: ['1'],
      fields: ['signature'],
    });
    expect(row.signature).toBe(name);
  });

  it('deletes a file and blanks the field; a second delete or export finds no file', async () => {
    const { token } = copy('file-repo');
    const r = await call(server.url, {
      token,
      content: 'file',
      action: 'delete',
      format: 'json',
      record: '1',
      field: 'signature',
    });
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    const [row] = await callJson<Row[]>(server.url, {
      token,
      content: 'record',
      records: ['1'],
      fields: ['signature', 'name'],
    });
    expect(row).toEqual({ signature: '', name: 'Scissors' });
    const again = await call(server.url, {
      token,
      content: 'file',
      action: 'delete',
      format: 'json',
      record: '1',
      field: 'signature',
    });
    expect(again.status).toBe(400);
    expect(JSON.parse(again.text).error).toBe('There is no file to delete for this record');
    const exp = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      format: 'csv',
      record: '1',
      field: 'signature',
    });
    expect(exp.text).toBe('ERROR: There is no file to download for this record');
    expect(
      server.db
        .prepare("SELECT details FROM log WHERE action = 'Delete uploaded document (API)' ORDER BY log_id DESC")
        .pluck()
        .get(),
    ).toContain('signature');
  });

  it('refuses fields that are not file fields and records that do not exist, in every format', async () => {
    const { token } = copy('file-repo');
    const notFile = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      format: 'json',
      record: '1',
      field: 'name',
    });
    expect(notFile.status).toBe(400);
    expect(JSON.parse(notFile.text).error).toBe(`The field 'name' does not exist or is not a 'file' field`);
    const unknown = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      format: 'xml',
      record: '1',
      field: 'nope',
    });
    expect(unknown.text).toContain(`<error>The field 'nope' does not exist or is not a 'file' field</error>`);
    const noRecord = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      format: 'csv',
      record: '-1',
      field: 'signature',
    });
    expect(noRecord.text).toBe('ERROR: The record "-1" does not exist');
    const noRecordImport = await upload(
      server.url,
      { token, content: 'file', action: 'import', format: 'json', record: '-1', field: 'signature' },
      { name: 'a.txt', type: 'text/plain', data: new Uint8Array([65]) },
    );
    expect(JSON.parse(noRecordImport.text).error).toBe('The record "-1" does not exist');
    const noFile = await call(server.url, {
      token,
      content: 'file',
      action: 'import',
      format: 'json',
      record: '1',
      field: 'signature',
    });
    expect(JSON.parse(noFile.text).error).toBe('No file was uploaded: send it as the multipart part named "file"');
    const badInstance = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      format: 'json',
      record: '1',
      field: 'signature',
      repeat_instance: '2',
    });
    expect(JSON.parse(badInstance.text).error).toBe(
      `The field 'signature' is not on a repeating instrument or event, so "repeat_instance" cannot be 2`,
    );
  });

  it('uses the event in longitudinal projects and refuses events that do not hold the field', async () => {
    const { token } = copy('arm-single-longitudinal');
    const def = parseOdm(fixtureFile('arm-single-longitudinal', 'project.xml'));
    const stored = def.files.find((f) => f.record === '1' && f.event === 'dischage_arm_1')!;
    const r = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      record: '1',
      field: 'image_profile',
      event: 'dischage_arm_1',
    });
    expect(r.contentType).toBe(`image/jpeg; name="${stored.name}"`);
    expect(Buffer.from(r.bytes).equals(Buffer.from(stored.data))).toBe(true);
    const missing = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      format: 'json',
      record: '1',
      field: 'image_profile',
    });
    expect(JSON.parse(missing.text).error).toBe(
      'The parameter "event" is missing: it is required in longitudinal projects',
    );
    const badEvent = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      format: 'json',
      record: '1',
      field: 'image_profile',
      event: 'nope_arm_1',
    });
    expect(JSON.parse(badEvent.text).error).toBe(`The event 'nope_arm_1' is not a valid unique event name`);
    // Take the field's form out of one event, then ask for the file there.
    const form = def.dictionary.find((f) => f.field_name === 'image_profile')!.form_name;
    const kept = def.mappings.filter((m) => !(m.unique_event_name === 'follow_up_arm_1' && m.form === form));
    expect(kept.length).toBe(def.mappings.length - 1);
    await call(server.url, {
      token,
      content: 'formEventMapping',
      action: 'import',
      format: 'json',
      data: JSON.stringify(kept),
    });
    const notDesignated = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      format: 'json',
      record: '1',
      field: 'image_profile',
      event: 'follow_up_arm_1',
    });
    expect(JSON.parse(notDesignated.text).error).toBe(
      `This field ('image_profile') exists on an instrument that is not designated for the event named 'follow_up_arm_1'`,
    );
  });

  it('uses repeat_instance for repeating instruments', async () => {
    const { token } = copy('vignette-repeating');
    const first = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      record: '1',
      field: 'image_profile',
      repeat_instance: '1',
    });
    const second = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      record: '1',
      field: 'image_profile',
      repeat_instance: '2',
    });
    expect(first.contentType).toBe('image/jpeg; name="levon-and-barry.jpg"');
    expect(second.contentType).toBe('image/jpeg; name="mugshot-1.jpg"');
    const data = binaryBytes();
    const r = await upload(
      server.url,
      { token, content: 'file', action: 'import', record: '1', field: 'image_profile', repeat_instance: '5' },
      { name: 'new.jpg', type: 'image/jpeg', data },
    );
    expect(r.status).toBe(200);
    const back = await call(server.url, {
      token,
      content: 'file',
      action: 'export',
      record: '1',
      field: 'image_profile',
      repeat_instance: '5',
    });
    expect(Buffer.from(back.bytes).equals(Buffer.from(data))).toBe(true);
    const rows = await callJson<Row[]>(server.url, { token, content: 'record', records: ['1'], forms: ['image'] });
    const fifth = rows.find((x) => x.redcap_repeat_instrument === 'image' && x.redcap_repeat_instance === 5)!;
    expect(fifth.image_profile).toBe('new.jpg');
    expect(fifth.image_complete).toBe('0');
  });

  it('hides the records of other data access groups', async () => {
    const held = copy('file-repo');
    const groupA = Number(
      server.db
        .prepare("INSERT INTO dags (project_id, group_name, unique_name) VALUES (?, 'Site A', 'site_a')")
        .run(held.projectId).lastInsertRowid,
    );
    const groupB = Number(
      server.db
        .prepare("INSERT INTO dags (project_id, group_name, unique_name) VALUES (?, 'Site B', 'site_b')")
        .run(held.projectId).lastInsertRowid,
    );
    server.db
      .prepare("UPDATE records SET group_id = ? WHERE project_id = ? AND record = '1'")
      .run(groupA, held.projectId);
    server.db
      .prepare("UPDATE records SET group_id = ? WHERE project_id = ? AND record = '2'")
      .run(groupB, held.projectId);
    const siteA = issueApiToken(server.db, held.projectId, 'site_a_user', {
      groupId: groupA,
      rights: { api_export: 1, api_import: 1 },
    });
    const own = await call(server.url, {
      token: siteA,
      content: 'file',
      action: 'export',
      record: '1',
      field: 'signature',
    });
    expect(own.status).toBe(200);
    for (const action of ['export', 'delete']) {
      const other = await call(server.url, {
        token: siteA,
        content: 'file',
        action,
        format: 'json',
        record: '2',
        field: 'signature',
      });
      expect(other.status).toBe(400);
      expect(JSON.parse(other.text).error).toBe('The record "2" does not exist');
    }
    const otherImport = await upload(
      server.url,
      { token: siteA, content: 'file', action: 'import', format: 'json', record: '2', field: 'signature' },
      { name: 'x.txt', type: 'text/plain', data: new Uint8Array([1]) },
    );
    expect(JSON.parse(otherImport.text).error).toBe('The record "2" does not exist');
    // Record 2's file is untouched.
    expect(
      (
        await call(server.url, {
          token: held.token,
          content: 'file',
          action: 'export',
          record: '2',
          field: 'signature',
        })
      ).contentType,
    ).toContain('signature_2024-10-25_1017.png');
  });

  it('needs api_export to export and api_import to import or delete', async () => {
    const held = copy('file-repo');
    const reader = issueApiToken(server.db, held.projectId, 'reader', { rights: { api_export: 1 } });
    expect(
      (await call(server.url, { token: reader, content: 'file', action: 'export', record: '1', field: 'signature' }))
        .status,
    ).toBe(200);
    const imp = await upload(
      server.url,
      { token: reader, content: 'file', action: 'import', format: 'json', record: '1', field: 'signature' },
      { name: 'x.txt', type: 'text/plain', data: new Uint8Array([1]) },
    );
    expect(imp.status).toBe(403);
    expect(JSON.parse(imp.text).error).toBe('You do not have API Import/Update privileges');
    const del = await call(server.url, {
      token: reader,
      content: 'file',
      action: 'delete',
      format: 'csv',
      record: '1',
      field: 'signature',
    });
    expect(del.text).toBe('ERROR: You do not have API Import/Update privileges');
    const writer = issueApiToken(server.db, held.projectId, 'writer', { rights: { api_import: 1 } });
    const exp = await call(server.url, {
      token: writer,
      content: 'file',
      action: 'export',
      format: 'json',
      record: '1',
      field: 'signature',
    });
    expect(JSON.parse(exp.text).error).toBe('You do not have API Export privileges');
    // Per-form rights: no export access to the form, or read-only data entry.
    const noFormExport = issueApiToken(server.db, held.projectId, 'no_form_export', {
      rights: { api_export: 1, api_import: 1, forms_export: { form_1: 0 } },
    });
    const hidden = await call(server.url, {
      token: noFormExport,
      content: 'file',
      action: 'export',
      format: 'json',
      record: '1',
      field: 'signature',
    });
    expect(hidden.status).toBe(403);
    expect(JSON.parse(hidden.text).error).toBe(
      `You do not have rights to export the field 'signature' of the instrument 'form_1'`,
    );
    const readOnly = issueApiToken(server.db, held.projectId, 'read_only_form', {
      rights: { api_export: 1, api_import: 1, forms: { form_1: 2 } },
    });
    const blocked = await upload(
      server.url,
      { token: readOnly, content: 'file', action: 'import', format: 'json', record: '1', field: 'signature' },
      { name: 'x.txt', type: 'text/plain', data: new Uint8Array([1]) },
    );
    expect(blocked.status).toBe(403);
    expect(JSON.parse(blocked.text).error).toBe(
      'You do not have rights to edit data on these instruments: form_1 (signature)',
    );
    expect(
      (
        await call(server.url, {
          token: readOnly,
          content: 'file',
          action: 'delete',
          format: 'json',
          record: '1',
          field: 'signature',
        })
      ).status,
    ).toBe(403);
    // The export of data shows the file name, as REDCap's does.
    const csv = parseCsv(
      (await call(server.url, { token: held.token, content: 'record', format: 'csv', fields: ['signature'] })).text,
    );
    expect(csv.rows.map((x) => x.signature)).toEqual([
      'signature_2024-10-25_1015.png',
      'signature_2024-10-25_1017.png',
    ]);
  });
});
