import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/formats/csv.js';
import { Project } from '../../src/api/project.js';
import { isRedcapApiError } from '../../src/api/errors.js';
import { parseOdm } from '../../src/server/odm/parse-odm.js';
import { demoProjects } from '../../src/server/demo/index.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { SUPER_TOKEN, fixtureFile, startServer } from '../helpers/server.js';

/**
 * The client against the embedded server over HTTP: the record, metadata
 * and project methods in every format. (Structure, files, users, DAGs,
 * logging, reports and surveys are covered by test/server/handlers and
 * test/server/access client tests.)
 */
describe('the client against the embedded server', () => {
  let server: RedcapServer;
  const opened: Project[] = [];
  let copies = 0;
  const open = (fixture: string) => {
    const held = server.addProject(parseOdm(fixtureFile(fixture, 'project.xml')), `client:${copies++}`);
    const p = new Project(server.url, held.token);
    opened.push(p);
    return p;
  };
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await Promise.all(opened.map((p) => p.close()));
    await server.close();
  });

  it('exports records in json, csv and xml with the same content', async () => {
    const p = open('repeating-instruments');
    const json = await p.exportRecords();
    const csv = await p.exportRecords({ format: 'csv' });
    const xml = await p.exportRecords({ format: 'xml' });
    expect(json.length).toBe(6);
    expect(parseCsv(csv).rows.map((r) => r.record_id)).toEqual(json.map((r) => String(r.record_id)));
    expect(xml.match(/<item>/g)?.length).toBe(6);
    const eav = await p.exportRecords({ type: 'eav', records: ['1'] });
    expect(eav.length).toBeGreaterThan(5);
  });

  it('imports, renames and deletes records, and names the next one', async () => {
    const p = open('simple');
    expect(await p.importRecords([{ record_id: '10', name_first: 'Ten' }])).toEqual({ count: 1 });
    expect(await p.importRecords('record_id,name_last\n10,Last\n', { format: 'csv' })).toEqual({ count: 1 });
    expect(await p.importRecords([{ record_id: '11', name_first: 'x' }], { returnContent: 'ids' })).toEqual(['11']);
    await p.renameRecord('11', '12');
    expect(await p.exportRecords({ records: ['12'], fields: ['record_id', 'name_first'] })).toEqual([
      { record_id: '12', name_first: 'x' },
    ]);
    expect(await p.generateNextRecordName()).toBe('13');
    expect(await p.deleteRecords(['10', '12'])).toBe(2);
    const ids = (await p.exportRecords({ fields: ['record_id'] })).map((r) => r.record_id);
    expect(ids).toEqual(['1', '2', '3', '4', '5']);
  });

  it('imports a long CSV (sent as multipart fields) exactly: quotes, line breaks, percent signs and accents', async () => {
    const p = open('simple');
    const address = (i: number) => `${i} Rue d'Été, "Bât. B"\n100% + 50%`;
    const body = Array.from({ length: 1500 }, (_, i) => `${i + 100},Zoë-${i},"${address(i).replace(/"/g, '""')}"\n`);
    const csv = `record_id,name_first,address\n${body.join('')}`;
    expect(csv.length).toBeGreaterThan(64 * 1024);
    expect(await p.importRecords(csv, { format: 'csv', batchSize: false })).toEqual({ count: 1500 });
    const back = await p.exportRecords({ records: ['100', '1599'], fields: ['record_id', 'name_first', 'address'] });
    expect(back).toEqual([
      { record_id: '100', name_first: 'Zoë-0', address: address(0) },
      { record_id: '1599', name_first: 'Zoë-1499', address: address(1499) },
    ]);
  });

  it('surfaces the server refusal as a RedcapApiError with every bad value', async () => {
    const p = open('simple');
    const err = await p.importRecords([{ record_id: '1', sex: '9', dob: 'yesterday' }]).catch((e: unknown) => e);
    expect(isRedcapApiError(err)).toBe(true);
    if (!isRedcapApiError(err)) return;
    expect(err.status).toBe(400);
    // One line per bad value, in the order the columns were sent.
    expect(err.valueErrors?.map((v) => [v.record, v.field, v.value])).toEqual([
      ['1', 'sex', '9'],
      ['1', 'dob', 'yesterday'],
    ]);
  });

  it('exports metadata, field names, instruments, project info, version and project XML in every format', async () => {
    const p = open('longitudinal');
    const meta = await p.exportMetadata();
    expect(meta[0].field_name).toBe('study_id');
    expect(parseCsv(await p.exportMetadata({ format: 'csv' })).rows.length).toBe(meta.length);
    expect((await p.exportMetadata({ format: 'xml' })).match(/<item>/g)?.length).toBe(meta.length);
    const names = await p.exportFieldNames();
    expect(names.some((n) => n.export_field_name === 'gym___0')).toBe(true);
    expect(parseCsv(await p.exportFieldNames({ format: 'csv' })).rows.length).toBe(names.length);
    const instruments = await p.exportInstruments();
    expect(instruments[0]).toEqual({ instrument_name: 'demographics', instrument_label: 'Demographics' });
    expect(await p.exportInstruments({ format: 'csv' })).toContain('instrument_name,instrument_label');
    const info = await p.exportProjectInfo();
    expect(info.is_longitudinal).toBe(1);
    expect(await p.exportProjectInfo({ format: 'xml' })).toContain(
      '<project_title><![CDATA[REDCapR: longitudinal]]></project_title>',
    );
    expect(await p.exportVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(parseOdm(await p.exportProjectXml({ returnMetadataOnly: true })).events.length).toBe(12);
  });

  it('imports metadata and project settings', async () => {
    const p = open('simple');
    const meta = await p.exportMetadata();
    const extra = { ...meta[1], field_name: 'nickname', field_label: 'Nickname', section_header: '', identifier: '' };
    expect(await p.importMetadata([...meta.slice(0, 2), extra, ...meta.slice(2)])).toBe(meta.length + 1);
    expect((await p.exportMetadata({ fields: ['nickname'] }))[0].field_label).toBe('Nickname');
    expect(await p.importProjectSettings({ project_notes: 'from the client' })).toBe(1);
    expect((await p.exportProjectInfo()).project_notes).toBe('from the client');
  });

  it('creates a project with a super token and reads it back', async () => {
    const created = await Project.create(server.url, SUPER_TOKEN, {
      data: { project_title: 'Client made', purpose: 0 },
      odm: fixtureFile('repeating-instruments', 'project.xml'),
    });
    opened.push(created);
    expect((await created.exportProjectInfo()).project_title).toBe('Client made');
    expect((await created.exportRecords()).length).toBe(6);
  });

  it('batches a large export into exactly what one request returns, in every format', async () => {
    const demo = demoProjects().find((d) => d.source === 'demo:clinical-study')!;
    const held = server.addProject(demo.definition, 'client:clinical');
    const p = new Project(server.url, held.token, { batchSize: 23, concurrency: 3 });
    opened.push(p);
    const progress: number[] = [];
    for (const format of ['json', 'csv', 'xml'] as const) {
      const one = await p.exportRecords({ format, batchSize: false });
      const batched = await p.exportRecords({ format, onProgress: (e) => progress.push(e.done ?? 0) });
      if (format === 'json') expect(batched).toEqual(one);
      else expect(batched).toBe(one);
    }
    expect(progress.length).toBeGreaterThan(3 * 10);
    // The same CSV as bytes, batched and joined without being decoded: byte for byte what one request sends.
    const one = await p.exportRecords({ format: 'csv', batchSize: false });
    const bytes = await p.exportRecordsCsvBytes({ onProgress: (e) => progress.push(e.done ?? 0) });
    expect(Buffer.from(bytes).equals(Buffer.from(one))).toBe(true);
    expect(progress.length).toBeGreaterThan(4 * 10);
    expect(await p.exportRecordsCsvBytes({ records: [] })).toEqual(new Uint8Array(0));
  });
});
