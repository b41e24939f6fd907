import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { startServer } from '../helpers/server.js';
import { definition, LONGITUDINAL, type ProjectShape } from '../write/projects.js';
import { requireBuild, runCli } from './run-cli.js';

let server: RedcapServer;
let dir: string;
const clients: Project[] = [];
let made = 0;

const SEED = [
  {
    record_id: '1',
    name: 'Ann, "A"',
    dob: '1990-05-01',
    seen_at: '2024-03-05 14:07',
    seen_at_s: '2024-03-05 14:07:09',
    age: '34',
    weight: '70.25',
    height: '172.5',
    sex: '1',
    arm: 'B',
    consent: '1',
    eligible: '0',
    race___1: '1',
    race____99: '1',
    wake: '07:30',
    lap: '01:05',
    temp: '36,50',
    ratio: '0,25',
    pain: '40',
    note: 'two\nlines',
    enrolment_complete: '2',
  },
  {
    record_id: '007',
    name: 'Ben',
    age: 'UNK',
    sex: '2',
    consent: '0',
    email: 'ben@example.org',
    enrolment_complete: '0',
  },
];

function project(shape: ProjectShape = {}): { token: string; client: Project; env: Record<string, string> } {
  const token = server.addProject(definition(`cli import ${++made}`, shape)).token;
  const client = new Project(server.url, token);
  clients.push(client);
  return { token, client, env: { REDCAP_API_URL: server.url, REDCAP_API_TOKEN: token } };
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  dir = await mkdtemp(join(tmpdir(), 'rf-cli-import-'));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('redcap-frames import', () => {
  it('imports what export wrote, in each format, into a fresh project unchanged', async () => {
    const source = project();
    await source.client.importRecords(SEED);
    const before = await source.client.exportRecords({ format: 'csv' });
    for (const [name, extra] of [
      ['copy.arrow', ['--time-zone', 'America/New_York']],
      ['copy.csv', ['--checkboxes', 'list']],
      ['copy.json', ['--choices', 'codes']],
    ] as const) {
      const out = join(dir, name);
      expect((await runCli(['export', '--out', out, ...extra], source.env)).code).toBe(0);
      const target = project();
      const run = await runCli(['import', out, '--batch-size', '1'], target.env);
      expect(run.stderr, name).toBe('');
      expect(run.code, name).toBe(0);
      expect(run.stdout).toBe(
        'Left out 1 calculated column the server computes: bmi; 1 file upload column (files go with importFile): scan. (--send-calculated sends calculated values)\n' +
          'Writing 2 rows of 2 records in 2 batches.\nImported 2 records (2 rows) in 2 batches.\n',
      );
      expect(await target.client.exportRecords({ format: 'csv' }), name).toBe(before);
      // Back where it came from: nothing would change.
      const dry = await runCli(['import', out, '--dry-run', '--erase-blanks'], source.env);
      expect(dry.stdout, name).toMatch(/0 cells would change in 0 records \(0 new\): 0 added, 0 changed, 0 erased/);
    }
    // Nine CLI processes in turn: more than the default 5 s on a busy two-core machine.
  }, 30_000);

  it('lists every problem, exits 1 and sends nothing', async () => {
    const p = project();
    await p.client.importRecords(SEED);
    const before = await p.client.exportRecords({ format: 'csv' });
    const path = await file(
      'bad.csv',
      [
        'record_id,age,sex,dob,bmi,mystery,seen_at',
        '1,130,Femme,31/01/1990,,,2024-03-05 14:07',
        '1,5,Male,,,,',
        '3,4.5,1,2024-02-30,,,2024-03-05T10:00',
      ].join('\n'),
    );
    const run = await runCli(['import', path], p.env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe(`${path}: 7 problems; nothing was sent.`);
    expect(lines.slice(1).map((l) => l.trim())).toEqual([
      'column mystery: not a field of this project (nor a checkbox option, form status or key column); drop the column, or use --drop-unknown',
      'row 0 (record 1), dob = "31/01/1990": not a date in REDCap\'s form YYYY-MM-DD (day and month order cannot be guessed: write YYYY-MM-DD)',
      'row 0 (record 1), sex = "Femme": not an option of sex: expected one of 1 (Female), 2 (Male), 3 (Other)',
      'row 1 (record 1), record_id = "1": This record, event and instance appear more than once in the imported data (rows 0 and 1)',
      'row 2 (record 3), dob = "2024-02-30": not a date in REDCap\'s form YYYY-MM-DD',
      'row 2 (record 3), seen_at = "2024-03-05T10:00": not a datetime in REDCap\'s form YYYY-MM-DD HH:MM',
      'row 2 (record 3), age = "4.5": age takes whole numbers, not 4.5',
      // The warnings come with them: out of range is not a refusal.
      "1 warning: values outside their field's min/max, sent anyway (REDCap imports them):",
      'row 0 (record 1), age = "130": The value is outside the allowed range (0 - 120)',
    ]);
    expect(await p.client.exportRecords({ format: 'csv' })).toBe(before);
    // A dry run lists them the same way, with the columns it leaves out.
    const dry = await runCli(['import', path, '--dry-run', '--drop-unknown'], p.env);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toMatch(/6 problems; nothing was sent/);
    expect(dry.stderr).toContain(
      'Left out 1 calculated column the server computes: bmi. (--send-calculated sends calculated values)\nLeft out 1 column the project does not know: mystery.',
    );
  });

  it('sends values outside their range, warning first, in the dry run and the import', async () => {
    const p = project();
    await p.client.importRecords(SEED);
    const path = await file('range.csv', 'record_id,age,bmi\n1,130,99\n007,50,\n');
    const dry = await runCli(['import', path, '--dry-run'], p.env);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toMatch(
      /^Left out 1 calculated column the server computes: bmi\. \(--send-calculated sends calculated values\)\n1 warning: values outside their field's min\/max, sent anyway \(REDCap imports them\):\n {2}row 0 \(record 1\), age = "130": The value is outside the allowed range \(0 - 120\)\nDry run: nothing was written\./,
    );
    const run = await runCli(['import', path], p.env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^Left out 1 calculated column.*\n1 warning: .*\n {2}row 0 \(record 1\), age = "130": .*\nWriting 2 rows of 2 records in 1 batch\.\nImported 2 records/,
    );
    expect((await p.client.exportRecords({ records: ['1'], fields: ['age'] }))[0].age).toBe('130');
    // --send-calculated sends bmi: nothing is left out.
    const sent = await runCli(['import', path, '--send-calculated', '--dry-run'], p.env);
    expect(sent.stdout).not.toMatch(/Left out/);
    expect(sent.stdout).toMatch(/bmi/);
  });

  it('shows the diff of a dry run, and erases blanks only when asked, saying how many first', async () => {
    const p = project();
    await p.client.importRecords(SEED);
    const path = await file(
      'edit.json',
      JSON.stringify([
        { record_id: '1', name: null, age: 35, sex: 'Male', race: ['Asian', 'White'] },
        { record_id: '007', name: 'Benjamin', age: 'UNK' },
      ]),
    );
    const before = await p.client.exportRecords({ format: 'csv' });
    const dry = await runCli(['import', path, '--dry-run'], p.env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^Dry run: nothing was written\. 2 rows of 2 records checked\.\n5 cells would change in 2 records \(0 new\): 1 added, 4 changed, 0 erased/,
    );
    expect(dry.stdout).toContain('changed 1 age: "34" → "35"');
    expect(dry.stdout).toContain('changed 1 race____99: "1" → "0"');
    expect(await p.client.exportRecords({ format: 'csv' })).toBe(before);

    const kept = await runCli(['import', path], p.env);
    expect(kept.stdout).toMatch(/^Writing 2 rows of 2 records in 1 batch\.\nImported 2 records/);
    expect((await p.client.exportRecords({ records: ['1'], fields: ['name', 'age'] }))[0]).toMatchObject({
      name: 'Ann, "A"',
      age: '35',
    });

    const erased = await runCli(['import', path, '--erase-blanks'], p.env);
    expect(erased.code).toBe(0);
    // Record 1's name is null, and record 007 has no sex in the file: both erased; columns not in the file are kept.
    expect(erased.stdout).toMatch(
      /^Writing 2 rows of 2 records in 1 batch; erasing 2 stored values\.\nImported 2 records \(2 rows\) in 1 batch; 2 stored values erased\.\n$/,
    );
    expect(await p.client.exportRecords({ fields: ['record_id', 'name', 'sex', 'dob'] })).toEqual([
      { record_id: '1', name: '', dob: '1990-05-01', sex: '2' },
      { record_id: '007', name: 'Benjamin', dob: '', sex: '' },
    ]);
  });

  it('says which batches landed when one fails', async () => {
    const p = project({ dags: ['north'] });
    const path = await file('dags.csv', 'record_id,age,redcap_data_access_group\n1,1,north\n2,2,south\n3,3,\n');
    const run = await runCli(['import', path, '--batch-size', '1'], p.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /importTable: 1 of 3 batches failed: 2 \(record "2"\)\..*Landed \(saved\): batches 1 \(record "1"\)\. Not sent: batches 3 \(record "3"\)\./s,
    );
    expect(run.stderr).toMatch(/Saved: 1 records\. Still to import: 2 records\./);
    expect((await p.client.exportRecords({ fields: ['record_id'] })).map((r) => r.record_id)).toEqual(['1']);
  });

  it('reads a raw REDCap CSV export of a longitudinal project', async () => {
    const p = project({ longitudinal: true });
    const path = await file(
      'raw.csv',
      [
        'record_id,redcap_event_name,age,sex,score,symptoms___1,symptoms___2',
        '1,baseline_arm_1,30,2,5,1,0',
        '1,follow_up_arm_1,,,6,0,1',
      ].join('\n'),
    );
    const run = await runCli(['import', path], p.env);
    expect(run.stderr).toBe('');
    expect(await p.client.exportRecords({ fields: ['record_id', 'age', 'score', 'symptoms'] })).toEqual([
      {
        record_id: '1',
        redcap_event_name: 'baseline_arm_1',
        age: '30',
        score: '5',
        symptoms___1: '1',
        symptoms___2: '0',
      },
      {
        record_id: '1',
        redcap_event_name: 'follow_up_arm_1',
        age: '',
        score: '6',
        symptoms___1: '0',
        symptoms___2: '1',
      },
    ]);
    expect(LONGITUDINAL.events).toHaveLength(2);
  });
});
