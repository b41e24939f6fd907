import { op, table } from 'arquero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedcapBatchError, isRedcapApiError } from '../../src/api/errors.js';
import { Project } from '../../src/api/project.js';
import type { ProgressEvent } from '../../src/api/types/common.js';
import { toDanfo } from '../../src/frames/danfo.js';
import { exportTable } from '../../src/frames/project-frames.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { importTable, type ImportPlan } from '../../src/write/import-table.js';
import { ImportValidationError } from '../../src/write/problems.js';
import { tableToImportRows } from '../../src/write/table-to-import.js';
import { loadFixture, startServer } from '../helpers/server.js';
import { newProject, REPEATING_VISITS } from './projects.js';

let server: RedcapServer;
const projects: Project[] = [];

function open(shape: Parameters<typeof newProject>[1] = {}): Project {
  const p = newProject(server, shape);
  projects.push(p);
  return p;
}

const SEED = [
  { record_id: '1', name: 'Ann', age: '34', sex: '1', dob: '1990-05-01', race___1: '1', enrolment_complete: '2' },
  { record_id: '2', name: 'Ben', age: '41', sex: '2', dob: '1983-02-11', race___3: '1', enrolment_complete: '1' },
  { record_id: '3', name: 'Cy', age: 'UNK', sex: '3', enrolment_complete: '0' },
];

async function seeded(shape: Parameters<typeof newProject>[1] = {}): Promise<Project> {
  const project = open(shape);
  await project.importRecords(SEED);
  return project;
}

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await Promise.all(projects.map((p) => p.close()));
  await server.close();
});

describe('importTable against the embedded server', () => {
  it('writes a changed typed frame back; blanks leave values unless erasing', async () => {
    const project = await seeded();
    const frame = await exportTable(project, { fields: ['record_id', 'name', 'age', 'sex', 'dob', 'race'] });
    const changed = frame.table.derive({
      age: (d: { record_id: string; age: number | null }) =>
        d.record_id === '1' ? null : d.record_id === '2' ? d.age! + 1 : d.age,
      sex: (d: { record_id: string; sex: string }) => (d.record_id === '1' ? 'Other' : d.sex),
    });
    const result = await importTable(project, { ...frame, table: changed });
    expect(result).toMatchObject({
      dryRun: false,
      cancelled: false,
      records: ['1', '2', '3'],
      rows: 3,
      count: 3,
      erased: 0,
      problems: [],
    });
    expect(result.batches.map((b) => b.status)).toEqual(['landed']);
    let rows = await project.exportRecords({ fields: ['record_id', 'age', 'sex'] });
    // Record 1's age was null: left as it was. Record 3's missing-data code went back as it was.
    expect(rows.map((r) => [r.age, r.sex])).toEqual([
      ['34', '3'],
      ['42', '2'],
      ['UNK', '3'],
    ]);

    const plans: ImportPlan[] = [];
    const erasing = await importTable(
      project,
      { ...frame, table: changed },
      {
        erase: true,
        onPlan: async (plan) => {
          plans.push(plan);
          // Told before anything is written.
          expect((await project.exportRecords({ records: ['1'], fields: ['age'] }))[0].age).toBe('34');
        },
      },
    );
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ rows: 3, records: 3, batches: 1, erase: true, erased: 1 });
    expect(erasing.erased).toBe(1);
    expect(erasing.diff!.cells.filter((c) => c.change === 'erased')).toEqual([
      { record: '1', event: '', instrument: '', instance: '', field: 'age', old: '34', new: '', change: 'erased' },
    ]);
    rows = await project.exportRecords({ fields: ['record_id', 'age'] });
    expect(rows.map((r) => r.age)).toEqual(['', '42', 'UNK']);
  });

  it('writes nothing when onPlan says no', async () => {
    const project = await seeded();
    const frame = await exportTable(project, { fields: ['record_id', 'age'] });
    const result = await importTable(
      project,
      { ...frame, table: frame.table.derive({ age: () => null }) },
      { erase: true, onPlan: () => false },
    );
    expect(result.cancelled).toBe(true);
    expect(result.erased).toBe(2);
    expect((await project.exportRecords({ fields: ['record_id', 'age'] })).map((r) => r.age)).toEqual([
      '34',
      '41',
      'UNK',
    ]);
  });

  it('returns the diff of a dry run and writes nothing', async () => {
    const project = await seeded();
    const before = await project.exportRecords({ format: 'csv' });
    const t = table({
      record_id: ['1', '2', '4'],
      age: [34, null, 50],
      sex: ['Male', 'Male', null],
      race: [['Asian', 'White'], [], ['Black']],
      name: [null, 'Ben', 'Dee'],
    });
    const dry = await importTable(project, t, { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.problems).toEqual([]);
    const diff = dry.diff!;
    expect(diff.newRecords).toEqual(['4']);
    expect({
      added: diff.added,
      changed: diff.changed,
      erased: diff.erased,
      unchanged: diff.unchanged,
      records: diff.records,
    }).toEqual({ added: 4, changed: 2, erased: 0, unchanged: 12, records: 3 });
    expect(diff.cells.map((c) => `${c.record} ${c.field} ${c.old}→${c.new} ${c.change}`)).toEqual([
      '1 sex 1→2 changed',
      '1 race___3 0→1 added',
      '2 race___3 1→0 changed',
      '4 name →Dee added',
      '4 age →50 added',
      '4 race___2 →1 added',
    ]);
    expect(diff.byField().get('sex')).toEqual({ added: 0, changed: 1, erased: 0 });
    expect(diff.toString()).toMatch(/6 cells would change in 3 records \(1 new\): 4 added, 2 changed, 0 erased/);
    const erasing = await importTable(project, t, { dryRun: true, erase: true });
    // Record 1's name and record 2's age are null: erased.
    expect(erasing.erased).toBe(2);
    expect(
      erasing.diff!.cells.filter((c) => c.change === 'erased').map((c) => [c.record, c.field, c.old, c.new]),
    ).toEqual([
      ['1', 'name', 'Ann', ''],
      ['2', 'age', '41', ''],
    ]);
    expect(await project.exportRecords({ format: 'csv' })).toBe(before);
  });

  it('lists every problem and sends nothing; the server refuses the same values', async () => {
    const project = await seeded();
    const before = await project.exportRecords({ format: 'csv' });
    const t = table({
      record_id: ['1', '2', '2', '5'],
      age: [34, 200, 3, 4],
      sex: ['Female', 'Femme', null, null],
      dob: ['1990-05-01', '1990-31-01', null, null],
      mystery: [1, 2, 3, 4],
      bmi: [20, 21, 22, 23],
      scan: [null, null, null, null],
      enrolment_timestamp: [null, null, null, null],
    });
    const error = await importTable(project, t).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    const problems = (error as ImportValidationError).problems;
    // Read-only columns are left out, not problems; out of range is a warning, listed along.
    expect(problems.map((p) => [p.row, p.record, p.field, p.value])).toEqual([
      [null, null, 'mystery', ''],
      [1, '2', 'dob', '1990-31-01'],
      [1, '2', 'sex', 'Femme'],
      [2, '2', 'record_id', '2'],
    ]);
    expect((error as ImportValidationError).warnings.map((p) => [p.row, p.record, p.field, p.value])).toEqual([
      [1, '2', 'age', '200'],
    ]);
    expect((error as ImportValidationError).toHTML()).toContain('Warnings (sent anyway');
    expect((error as Error).message).toMatch(/4 problems in 4 columns; nothing was sent/);
    expect(await project.exportRecords({ format: 'csv' })).toBe(before);

    // The values the conversion refused, sent by hand, are refused by the server for the same reasons.
    const raw = [{ record_id: '2', age: '200', sex: 'Femme', dob: '1990-31-01' }];
    const refused = await project.importRecords(raw).catch((e: unknown) => e);
    expect(isRedcapApiError(refused)).toBe(true);
    const serverReasons = new Map(
      (refused as { valueErrors: { field: string; message: string }[] }).valueErrors.map((v) => [v.field, v.message]),
    );
    // Out of range is not a refusal on the server either (REDCap imports such values).
    expect(serverReasons.has('age')).toBe(false);
    expect(serverReasons.get('sex')).toMatch(/not a valid category/);
    expect(serverReasons.get('dob')).toBeDefined();
  });

  it('sends values outside their range with a warning shown first, and leaves calculated columns out unless asked', async () => {
    const project = await seeded();
    const t = table({ record_id: ['1', '2'], age: [150, 40], bmi: [99, 98] });
    const dry = await importTable(project, t, { dryRun: true });
    expect(dry.problems).toEqual([]);
    expect(dry.warnings).toEqual([
      {
        row: 0,
        record: '1',
        event: null,
        instrument: null,
        instance: null,
        field: 'age',
        value: '150',
        reason: 'The value is outside the allowed range (0 - 120)',
      },
    ]);
    expect(dry.leftOut).toEqual([{ column: 'bmi', kind: 'calculated' }]);
    expect(dry.diff!.cells.map((c) => `${c.record} ${c.field} ${c.new}`)).toContain('1 age 150');
    // show(preview) and String(preview) say it all: what is left out, the warnings, the diff.
    const text = String(dry);
    expect(text).toMatch(
      /^Dry run: nothing was written\. 2 rows of 2 records checked\.\nLeft out 1 calculated column the server computes: bmi\. \(sendCalculated: true sends calculated values\)\n1 warning: values outside their field's min\/max, sent anyway/,
    );
    expect(text).toContain('row 0 (record 1), age = "150": The value is outside the allowed range (0 - 120)');
    expect(text).toContain(dry.diff!.toString(20));
    expect(dry.toHTML()).toMatch(/Left out 1 calculated column.*Warnings \(sent anyway.*Import diff/s);

    let planned: string[] = [];
    const sent = await importTable(project, t, {
      onPlan: (plan) => {
        planned = plan.warnings.map((w) => w.value);
      },
    });
    expect(planned).toEqual(['150']);
    expect(sent.warnings).toHaveLength(1);
    expect(sent.count).toBe(2);
    const stored = await project.exportRecords({ records: ['1', '2'], fields: ['record_id', 'age', 'bmi'] });
    expect(stored.map((r) => r.age)).toEqual(['150', '40']);
    // bmi was not sent: the server computed it (or left it blank), it is not 99.
    expect(stored.map((r) => r.bmi)).not.toContain('99');

    const withCalc = await importTable(project, t, { sendCalculated: true, dryRun: true });
    expect(withCalc.leftOut).toEqual([]);
    expect(withCalc.importRows.header).toContain('bmi');
  });

  it('reports which batches landed when one fails in the middle', async () => {
    const project = open({ dags: ['north'] });
    const t = table({
      record_id: ['1', '2', '3', '4', '5', '6'],
      age: [1, 2, 3, 4, 5, 6],
      // The client cannot know the DAG names: the server refuses record 4's, in the second batch.
      redcap_data_access_group: ['north', null, null, 'south', null, null],
    });
    const progress: ProgressEvent[] = [];
    const error = await importTable(project, t, { batchSize: 2, onProgress: (e) => progress.push(e) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RedcapBatchError);
    const batch = error as RedcapBatchError;
    expect(batch.batches.map((b) => [b.batch, b.records, b.status])).toEqual([
      [1, ['1', '2'], 'landed'],
      [2, ['3', '4'], 'failed'],
      [3, ['5', '6'], 'not sent'],
    ]);
    expect(batch.landedRecords).toEqual(['1', '2']);
    expect(batch.pendingRecords).toEqual(['3', '4', '5', '6']);
    expect(batch.failed[0].error?.message).toMatch(/south/);
    expect(batch.message).toMatch(/1 of 3 batches failed/);
    expect(progress).toEqual([
      { method: 'importTable', phase: 'import', done: 1, total: 3, records: 2, totalRecords: 6 },
    ]);
    expect((await project.exportRecords({ fields: ['record_id'] })).map((r) => r.record_id)).toEqual(['1', '2']);
  });

  it('sends batches of whole records with progress', async () => {
    const project = open({ repeating: REPEATING_VISITS });
    const t = table({
      record_id: ['1', '1', '1', '2', '3', '3'],
      redcap_repeat_instrument: [null, 'visits', 'visits', null, 'visits', 'visits'],
      redcap_repeat_instance: [null, 1, 2, null, 1, 2],
      age: [10, null, null, 20, null, null],
      score: [null, 1, 2, null, 3, 4],
    });
    const progress: ProgressEvent[] = [];
    const result = await importTable(project, t, { batchSize: 2, onProgress: (e) => progress.push(e) });
    expect(result.batches.map((b) => [b.records, b.status])).toEqual([
      [['1', '2'], 'landed'],
      [['3'], 'landed'],
    ]);
    expect(result.count).toBe(3);
    expect(progress.map((p) => [p.done, p.total, p.records, p.totalRecords])).toEqual([
      [1, 2, 2, 3],
      [2, 2, 3, 3],
    ]);
    const frame = await exportTable(project, { fields: ['record_id', 'age', 'score'] });
    expect(frame.table.objects()).toEqual([
      { record_id: '1', redcap_repeat_instrument: null, redcap_repeat_instance: null, age: 10, score: null },
      { record_id: '1', redcap_repeat_instrument: 'visits', redcap_repeat_instance: 1, age: null, score: 1 },
      { record_id: '1', redcap_repeat_instrument: 'visits', redcap_repeat_instance: 2, age: null, score: 2 },
      { record_id: '2', redcap_repeat_instrument: null, redcap_repeat_instance: null, age: 20, score: null },
      // The server keeps a record's base row (its id) even when only repeating rows were sent.
      { record_id: '3', redcap_repeat_instrument: null, redcap_repeat_instance: null, age: null, score: null },
      { record_id: '3', redcap_repeat_instrument: 'visits', redcap_repeat_instance: 1, age: null, score: 3 },
      { record_id: '3', redcap_repeat_instrument: 'visits', redcap_repeat_instance: 2, age: null, score: 4 },
    ]);
  });

  it("cuts batches by the Project's batchSize unless told otherwise, and refuses a batch size that is not a whole number", async () => {
    const held = open();
    const project = new Project(server.url, held.revealToken(), { batchSize: 2 });
    projects.push(project);
    const t = table({ record_id: ['1', '2', '3', '4', '5'], age: [1, 2, 3, 4, 5] });
    const byProject = await importTable(project, t);
    expect(byProject.batches.map((b) => b.records)).toEqual([['1', '2'], ['3', '4'], ['5']]);
    expect(byProject.count).toBe(5);
    expect((await importTable(project, t, { batchSize: 4 })).batches.map((b) => b.records.length)).toEqual([4, 1]);
    const oneRequest = new Project(server.url, held.revealToken(), { batchSize: false });
    projects.push(oneRequest);
    expect((await importTable(oneRequest, t)).batches.map((b) => b.records.length)).toEqual([5]);
    await expect(importTable(project, t, { batchSize: 0 })).rejects.toThrow(
      'The option batchSize must be a whole number of at least 1, not 0.',
    );
  });

  it('takes an Arquero table or a Danfo DataFrame, reading the schema from the project', async () => {
    const project = await seeded();
    await importTable(project, table({ record_id: ['1'], weight: [op.round(70.26 * 10) / 10] }));
    const frame = await exportTable(project, { fields: ['record_id', 'age', 'weight'] });
    expect(frame.table.get('weight', 0)).toBe(70.3);
    const df = toDanfo(frame.table.derive({ age: (d: { age: number | null }) => (d.age === null ? null : d.age * 2) }));
    const result = await importTable(project, df, { missing: frame.missing.rows, erase: true, dryRun: true });
    expect(result.problems).toEqual([]);
    // Danfo's NaN is a blank; the missing-data code of record 3 is put back, so nothing is erased.
    expect(result.diff!.erased).toBe(0);
    expect(result.diff!.cells.map((c) => `${c.record} ${c.field} ${c.new}`)).toEqual(['1 age 68', '2 age 82']);
  });

  it('writes back fixture projects unchanged (longitudinal, repeating, comma decimals)', async () => {
    for (const name of ['longitudinal', 'repeating-instruments', 'decimal-comma', 'clinical-trial-1', 'checkboxes-1']) {
      const project = new Project(server.url, loadFixture(server, name).token);
      projects.push(project);
      const frame = await exportTable(project, {
        checkboxes: name === 'checkboxes-1' ? 'list' : 'columns',
        timeZone: 'America/Chicago',
      });
      const dry = await importTable(project, frame, { dryRun: true, erase: true });
      expect(dry.problems, name).toEqual([]);
      // Nothing changes, not even numbers REDCap stored in another form (`.34` for 0.34): they go back as stored.
      expect(dry.diff!.cells, name).toEqual([]);
      expect(dry.diff!.total, name).toBe(0);
      const conversion = tableToImportRows(frame, frame.schema);
      expect(conversion.rows.length).toBe(frame.table.numRows());
    }
  });
});
