import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFontFiles } from '../../../src/server/pdf/pdf-fonts.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, copyFixture, startServer, type Reply } from '../../helpers/server.js';
import { pageTexts } from '../pdf/pdf-text.js';

/** A PDF answer: checked for type, name and validity, with its page count and text. */
async function readPdf(r: Reply): Promise<{ pages: number; text: string; perPage: string[]; doc: PDFDocument }> {
  expect(r.status).toBe(200);
  expect(r.contentType).toMatch(/^application\/pdf; name="[^"]+\.pdf"$/);
  expect(new TextDecoder().decode(r.bytes.slice(0, 5))).toBe('%PDF-');
  const doc = await PDFDocument.load(r.bytes);
  const perPage = await pageTexts(r.bytes);
  return { pages: doc.getPageCount(), text: perPage.join('\n'), perPage, doc };
}

describe('PDF export', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  let simple: { token: string; projectId: number };
  beforeAll(async () => {
    server = await startServer();
    simple = copy('simple');
  });
  afterAll(async () => {
    await server.close();
  });

  it('prints one record: every instrument with labels, values, chosen options and section headers', async () => {
    const pdf = await readPdf(await call(server.url, { token: simple.token, content: 'pdf', record: '1' }));
    expect(pdf.pages).toBeGreaterThanOrEqual(3);
    for (const text of [
      'demographics',
      'Study ID 1',
      'Contact Information',
      'First Name',
      'Nutmeg',
      'Gender',
      'Female',
      'Male',
      'Form Status',
      'Complete?',
    ]) {
      expect(pdf.text).toContain(text);
    }
    // Each instrument starts its own page.
    expect(pdf.perPage[0]).toContain('demographics');
    expect(pdf.perPage.some((p) => p.includes('Race') && !p.includes('Nutmeg'))).toBe(true);
    expect(pdf.perPage[pdf.pages - 1]).toContain(`Page ${pdf.pages} of ${pdf.pages}`);
    expect(
      server.db
        .prepare("SELECT details FROM log WHERE action = 'Download PDF (API)' AND project_id = ? ORDER BY log_id DESC")
        .pluck()
        .get(simple.projectId),
    ).toContain('record 1');
  });

  it('compactDisplay leaves out unchosen options and empty fields', async () => {
    const full = await readPdf(
      await call(server.url, { token: simple.token, content: 'pdf', record: '1', instrument: 'demographics' }),
    );
    const compact = await readPdf(
      await call(server.url, {
        token: simple.token,
        content: 'pdf',
        record: '1',
        instrument: 'demographics',
        compactDisplay: 'true',
      }),
    );
    const lines = (t: string) => t.split('\n').map((l) => l.trim());
    expect(lines(full.text)).toContain('Male');
    expect(lines(compact.text)).not.toContain('Male');
    expect(lines(compact.text)).toContain('Female');
    expect(lines(full.text)).toContain('Incomplete');
    expect(lines(compact.text)).not.toContain('Incomplete');
  });

  it('prints blank instruments: one asked, or all of them', async () => {
    const one = await readPdf(
      await call(server.url, { token: simple.token, content: 'pdf', instrument: 'demographics' }),
    );
    expect(one.text).toContain('First Name');
    expect(one.text).toContain('Female');
    expect(one.text).not.toContain('Nutmeg');
    expect(one.text).not.toContain('Study ID 1');
    const all = await readPdf(await call(server.url, { token: simple.token, content: 'pdf' }));
    expect(all.pages).toBeGreaterThan(one.pages);
    expect(all.text).toContain('Race');
  });

  it('prints all records the user may see', async () => {
    const all = await readPdf(await call(server.url, { token: simple.token, content: 'pdf', allRecords: 'true' }));
    for (const id of ['1', '2', '3', '4', '5']) expect(all.text).toContain(`Study ID ${id}\n`);
    const one = await readPdf(await call(server.url, { token: simple.token, content: 'pdf', record: '1' }));
    expect(all.pages).toBeGreaterThanOrEqual(one.pages * 5);
  });

  it('limits to an event and instrument in a longitudinal project, and to an instance of a repeating instrument', async () => {
    const { token } = copy('longitudinal');
    const record = await readPdf(await call(server.url, { token, content: 'pdf', record: '100' }));
    const event = await readPdf(
      await call(server.url, {
        token,
        content: 'pdf',
        record: '100',
        event: 'enrollment_arm_1',
        instrument: 'demographics',
      }),
    );
    expect(event.pages).toBeLessThan(record.pages);
    expect(event.text).toContain('Event: Enrollment (Arm 1: Drug A)');
    expect(event.text).not.toContain('Event: Dose 1');
    expect(record.text).toContain('Event: Dose 1');
    const rep = copy('vignette-repeating');
    const second = await readPdf(
      await call(server.url, {
        token: rep.token,
        content: 'pdf',
        record: '1',
        instrument: 'blood_pressure',
        repeat_instance: '2',
      }),
    );
    expect(second.text).toContain('Instance 2');
    expect(second.text).not.toContain('Instance 1\n');
    const every = await readPdf(
      await call(server.url, { token: rep.token, content: 'pdf', record: '1', instrument: 'blood_pressure' }),
    );
    expect(every.text).toContain('Instance 1\n');
    expect(every.text).toContain('Instance 2\n');
  });

  it('prints Cyrillic labels and values (embedded Unicode font, or transliterated when the machine has none)', async () => {
    const { token } = copy('russian');
    const pdf = await readPdf(await call(server.url, { token, content: 'pdf', record: 'AAAA' }));
    expect(pdf.pages).toBeGreaterThan(1);
    const fontDict = pdf.doc.getPages()[0].node.Resources()!.lookup(PDFName.of('Font'), PDFDict);
    const subtypes = fontDict
      .entries()
      .map(([, ref]) => (pdf.doc.context.lookup(ref) as PDFDict).get(PDFName.of('Subtype'))!.toString());
    if (findFontFiles()) {
      expect(subtypes).toContain('/Type0');
      expect(pdf.text).toContain('Интервьюер / Interviewer');
      expect(pdf.text).toContain('Откуда участница узнала о проекте');
    } else {
      expect(subtypes).toEqual(expect.arrayContaining(['/Type1']));
      expect(pdf.text).toContain('Interv');
      expect(pdf.text).toContain('transliterated');
    }
  });

  it('draws a signature as an image', async () => {
    const { token } = copy('file-repo');
    const pdf = await readPdf(await call(server.url, { token, content: 'pdf', record: '1' }));
    const xobjects = pdf.doc.getPages()[0].node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
    expect(xobjects.entries().length).toBe(1);
    expect(pdf.text).toContain('Signature');
    expect(pdf.text).toContain('Scissors');
  });

  it("refuses bad instruments, events, instances and records in REDCap's error shapes", async () => {
    const { token } = copy('longitudinal');
    const cases: [Record<string, string>, string][] = [
      [{ instrument: 'nope' }, `The instrument 'nope' is not a valid unique instrument name`],
      [{ event: 'nope_arm_1' }, `The event 'nope_arm_1' is not a valid unique event name`],
      [
        { event: 'dose_1_arm_1', instrument: 'demographics' },
        `The instrument 'demographics' is not designated for the event 'dose_1_arm_1'`,
      ],
      [{ record: '100', repeat_instance: 'x' }, 'The value of the parameter "repeat_instance" is not valid'],
      [{ record: '-1' }, 'The record "-1" does not exist'],
    ];
    for (const [params, message] of cases) {
      const json = await call(server.url, { token, content: 'pdf', format: 'json', ...params });
      expect(json.status).toBe(400);
      expect(JSON.parse(json.text).error).toBe(message);
    }
    expect((await call(server.url, { token, content: 'pdf', format: 'csv', record: '-1' })).text).toBe(
      'ERROR: The record "-1" does not exist',
    );
    expect((await call(server.url, { token, content: 'pdf', record: '-1' })).text).toContain(
      '<error>The record "-1" does not exist</error>',
    );
  });

  it('keeps DAG users to their own records and needs api_export', async () => {
    const held = copy('simple');
    const group = Number(
      server.db
        .prepare("INSERT INTO dags (project_id, group_name, unique_name) VALUES (?, 'Site A', 'site_a')")
        .run(held.projectId).lastInsertRowid,
    );
    server.db
      .prepare("UPDATE records SET group_id = ? WHERE project_id = ? AND record IN ('1', '3')")
      .run(group, held.projectId);
    const siteA = issueApiToken(server.db, held.projectId, 'site_a', { groupId: group, rights: { api_export: 1 } });
    expect((await call(server.url, { token: siteA, content: 'pdf', record: '1' })).status).toBe(200);
    const other = await call(server.url, { token: siteA, content: 'pdf', format: 'json', record: '2' });
    expect(other.status).toBe(400);
    expect(JSON.parse(other.text).error).toBe('The record "2" does not exist');
    const all = await readPdf(await call(server.url, { token: siteA, content: 'pdf', allRecords: '1' }));
    expect(all.text).toContain('Study ID 1\n');
    expect(all.text).toContain('Study ID 3\n');
    expect(all.text).not.toContain('Study ID 2\n');
    // Per-form export rights: de-identified data is withheld, instruments without access are left out.
    const limited = issueApiToken(server.db, held.projectId, 'limited', {
      rights: { api_export: 1, forms_export: { demographics: 2, health: 0 } },
    });
    const pdf = await readPdf(await call(server.url, { token: limited, content: 'pdf', record: '2' }));
    expect(pdf.text).toContain('First Name');
    expect(pdf.text).toContain('[*DATA REMOVED*]');
    expect(pdf.text).toContain('Study ID 2');
    const full = await readPdf(await call(server.url, { token: held.token, content: 'pdf', record: '2' }));
    expect(full.text).not.toContain('[*DATA REMOVED*]');
    const healthLabel = server.db
      .prepare("SELECT label FROM forms WHERE project_id = ? AND form_name = 'health'")
      .pluck()
      .get(held.projectId) as string;
    expect(full.perPage.some((p) => p.includes(healthLabel))).toBe(true);
    expect(pdf.perPage.some((p) => p.includes(healthLabel))).toBe(false);
    expect(pdf.pages).toBeLessThan(full.pages);
    const none = issueApiToken(server.db, held.projectId, 'none', { rights: { api_import: 1 } });
    for (const format of ['json', 'csv', 'xml']) {
      const r = await call(server.url, { token: none, content: 'pdf', format, record: '1' });
      expect(r.status).toBe(403);
      expect(r.text).toContain('You do not have API Export privileges');
    }
  });
});
