import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../src/api/index.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { fixtureFile, startServer } from '../../helpers/server.js';

/** The project's own API client against the embedded server, for every part A method. */
describe('the API client against arms, events, mappings, repeating setup, files, the file repository and PDFs', () => {
  let server: RedcapServer;
  let copies = 0;
  const open = (fixture: string) =>
    new Project(
      server.url,
      server.addProject(parseOdm(fixtureFile(fixture, 'project.xml')), `client-a:${copies++}`).token,
    );

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('manages arms, events and instrument-event mappings', async () => {
    const project = open('longitudinal');
    expect(await project.exportArms()).toEqual([
      { arm_num: 1, name: 'Drug A' },
      { arm_num: 2, name: 'Drug B' },
    ]);
    expect(await project.importArms([{ arm_num: 3, name: 'Drug C' }])).toBe(1);
    expect(await project.importEvents([{ event_name: 'Baseline', arm_num: 3 }])).toBe(1);
    const arm3 = await project.exportEvents({ arms: [3] });
    expect(arm3).toMatchObject([{ event_name: 'Baseline', arm_num: 3, unique_event_name: 'baseline_arm_3' }]);
    expect(
      await project.importInstrumentEventMappings([
        { arm_num: 3, unique_event_name: 'baseline_arm_3', form: 'demographics' },
      ]),
    ).toBe(1);
    expect(await project.exportInstrumentEventMappings({ arms: [3] })).toEqual([
      { arm_num: 3, unique_event_name: 'baseline_arm_3', form: 'demographics' },
    ]);
    expect(await project.deleteEvents(['baseline_arm_3'])).toBe(1);
    expect(await project.deleteArms([2, 3])).toBe(2);
    expect((await project.exportArms()).map((a) => a.arm_num)).toEqual([1]);
    const csv = await project.exportEvents({ format: 'csv' });
    expect(csv.split('\n')[0]).toBe(
      'event_name,arm_num,unique_event_name,custom_event_label,event_id,days_offset,offset_min,offset_max',
    );
  });

  it('sets up repeating instruments', async () => {
    const project = open('vignette-repeating');
    expect((await project.exportRepeatingFormsEvents()).map((r) => r.form_name)).toEqual([
      'blood_pressure',
      'laboratory',
      'image',
    ]);
    expect(await project.importRepeatingFormsEvents([{ form_name: 'laboratory', custom_form_label: '[lab]' }])).toBe(1);
    expect(await project.exportRepeatingFormsEvents()).toEqual([
      { form_name: 'laboratory', custom_form_label: '[lab]' },
    ]);
  });

  it('uploads, downloads and deletes files in fields, byte for byte', async () => {
    const project = open('file-repo');
    const data = new Uint8Array(4096).map((_, i) => (i * 131) % 256);
    await project.importFile(2, 'signature', { data, fileName: 'scan.bin', contentType: 'application/x-scan' });
    const back = await project.exportFile(2, 'signature');
    expect(back.fileName).toBe('scan.bin');
    expect(back.contentType).toBe('application/x-scan');
    expect(Buffer.from(back.data).equals(Buffer.from(data))).toBe(true);
    await project.importFile(2, 'signature', { data: 'ok', fileName: 'заметка.txt', contentType: 'text/plain' });
    expect((await project.exportFile(2, 'signature')).fileName).toBe('заметка.txt');
    await project.deleteFile(2, 'signature');
    await expect(project.exportFile(2, 'signature')).rejects.toThrow(/There is no file to download for this record/);
  });

  it('keeps a file repository', async () => {
    const project = open('file-repo');
    const { folder_id } = await project.createFolder('Reports');
    await project.importRepositoryFile(
      { data: 'hello', fileName: 'hello.txt', contentType: 'text/plain' },
      { folderId: folder_id },
    );
    const listing = await project.listFileRepository({ folderId: folder_id });
    expect(listing).toMatchObject([{ name: 'hello.txt' }]);
    const docId = Number((listing[0] as { doc_id: number }).doc_id);
    const file = await project.exportRepositoryFile(docId);
    expect(new TextDecoder().decode(file.data)).toBe('hello');
    expect(file.fileName).toBe('hello.txt');
    await project.deleteRepositoryFile(docId);
    expect(await project.listFileRepository({ folderId: folder_id })).toEqual([]);
    expect(await project.listFileRepository()).toEqual([{ folder_id, name: 'Reports' }]);
  });

  it('downloads PDFs', async () => {
    const project = open('simple');
    for (const options of [{ record: 1 }, { instrument: 'demographics' }, { allRecords: true, compactDisplay: true }]) {
      const pdf = await project.exportPdf(options);
      expect(pdf.contentType).toBe('application/pdf');
      expect(pdf.fileName).toMatch(/\.pdf$/);
      expect((await PDFDocument.load(pdf.data)).getPageCount()).toBeGreaterThan(0);
    }
  });
});
