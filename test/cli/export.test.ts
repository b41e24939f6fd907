import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from '@uwdata/flechette';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { renderProgress } from '../../src/cli/export.js';
import { parseCsvRows } from '../../src/formats/csv.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { startServer } from '../helpers/server.js';
import { definition } from '../write/projects.js';
import { CLI, requireBuild, runCli } from './run-cli.js';

let server: RedcapServer;
let token: string;
let dir: string;
let env: Record<string, string>;

const SEED = [
  {
    record_id: '1',
    name: 'Ann, "A"',
    dob: '1990-05-01',
    seen_at: '2024-03-05 14:07',
    age: '34',
    weight: '34',
    sex: '1',
    consent: '1',
    race___1: '1',
    race___3: '1',
    wake: '07:30',
    temp: '36,50',
    enrolment_complete: '2',
  },
  { record_id: '2', name: 'Ben', age: 'UNK', sex: '2', consent: '0', enrolment_complete: '0' },
];

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  token = server.addProject(definition('cli export')).token;
  const project = new Project(server.url, token);
  await project.importRecords(SEED);
  await project.close();
  dir = await mkdtemp(join(tmpdir(), 'rf-cli-export-'));
  env = { REDCAP_API_URL: server.url, REDCAP_API_TOKEN: token };
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('redcap-frames export, streamed', () => {
  it('writes .parquet batch by batch, and DuckDB reads it back', async () => {
    const out = join(dir, 'all.parquet');
    const run = await runCli(['export', '--out', out, '--batch-size', '1'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Wrote .*all\.parquet: 2 rows x \d+ columns \(parquet, streamed in 2 batches, \d+ bytes\)\.\n$/,
    );
    expect(run.stdout).not.toContain(token);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const reader = await connection.runAndReadAll(
      `SELECT record_id, age, consent FROM read_parquet('${out}') ORDER BY record_id`,
    );
    expect(reader.getRows()).toEqual([
      ['1', 34, true],
      ['2', null, false],
    ]);
    connection.closeSync();
  });

  it('streams .arrow with --stream and refuses --stream for .csv', async () => {
    const out = join(dir, 'streamed.arrow');
    const run = await runCli(['export', '--out', out, '--stream', '--fields', 'record_id,dob'], env);
    expect(run.code).toBe(0);
    const arrow = tableFromIPC(await readFile(out), { useDate: true });
    expect(arrow.toArray().map((r) => r.record_id)).toEqual(['1', '2']);
    expect(arrow.toArray()[0].dob).toEqual(new Date('1990-05-01T00:00:00Z'));
    const refused = await runCli(['export', '--out', join(dir, 'x.csv'), '--stream'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--stream writes Arrow or Parquet');
  });
});

describe('redcap-frames export', () => {
  it('writes .arrow with the types and what the frame knew', async () => {
    const out = join(dir, 'all.arrow');
    const run = await runCli(['export', '--out', out, '--time-zone', 'Asia/Kolkata', '--checkboxes', 'list'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Wrote .*all\.arrow: 2 rows x \d+ columns \(arrow, \d+ bytes\)\.\n1 missing-data codes kept in the file's metadata\.\n$/,
    );
    const arrow = tableFromIPC(await readFile(out), { useDate: true });
    const rows = arrow.toArray();
    expect(rows[0].record_id).toBe('1');
    expect(rows[0].age).toBe(34);
    expect(rows[1].age).toBeNull();
    expect(rows[0].dob).toEqual(new Date('1990-05-01T00:00:00Z'));
    // 14:07 on the Kolkata clock.
    expect(rows[0].seen_at).toEqual(new Date('2024-03-05T08:37:00Z'));
    expect(rows[0].consent).toBe(true);
    expect(Array.from(rows[0].race as string[])).toEqual(['Asian', 'White']);
    expect(rows[0].wake).toBe(7.5 * 3600);
    expect(rows[0].temp).toBe(36.5);
    const meta = JSON.parse(arrow.schema.metadata!.get('redcap-frames')!);
    expect(meta).toMatchObject({
      timeZone: 'Asia/Kolkata',
      choices: 'labels',
      checkboxes: 'list',
      missing: [['age', '2', null, null, null, 'UNK']],
    });
  });

  it('writes .csv and .json as text REDCap reads, with export options passed through', async () => {
    const csv = join(dir, 'some.csv');
    const run = await runCli(
      [
        'export',
        '--out',
        csv,
        '--fields',
        'record_id,name',
        '--fields',
        'age,sex,consent,dob,seen_at',
        '--records',
        '1,2',
        '--filter-logic',
        '[sex] = "2"',
        '--choices',
        'codes',
      ],
      env,
    );
    expect(run.code).toBe(0);
    expect(parseCsvRows(await readFile(csv, 'utf8'))).toEqual([
      ['record_id', 'name', 'dob', 'seen_at', 'age', 'sex', 'consent'],
      ['2', 'Ben', '', '', 'UNK', '2', 'false'],
    ]);
    const json = join(dir, 'all.json');
    expect((await runCli(['export', json], env)).code).toBe(0);
    const rows = JSON.parse(await readFile(json, 'utf8'));
    expect(rows[0]).toMatchObject({
      record_id: '1',
      name: 'Ann, "A"',
      dob: '1990-05-01',
      seen_at: '2024-03-05 14:07',
      age: 34,
      sex: 'Female',
      consent: true,
      race___1: true,
      race___2: false,
      wake: '07:30',
      temp: 36.5,
      bmi: 17,
      enrolment_complete: 'Complete',
    });
    expect(rows[1]).toMatchObject({ age: 'UNK', dob: null });
  });

  it('shows a progress bar only on a terminal', async () => {
    const out = join(dir, 'tty.json');
    // `script` gives the CLI a terminal for stdout and stderr.
    const run = await runCli(
      ['-qec', `${process.execPath} ${CLI} export --out ${out} --batch-size 1`, '/dev/null'],
      env,
      ['script'],
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('export [');
    expect(run.stdout).toMatch(/2\/2 batches, 2\/2 records/);
    const plain = await runCli(['export', '--out', out, '--batch-size', '1'], env);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).not.toContain('batches');
  });

  it('never shows the token, and says what is missing', async () => {
    const wrong = 'ABCDEF0123456789ABCDEF0123456789';
    const refused = await runCli(['export', '--out', join(dir, 'x.csv'), '--token', wrong, '--url', server.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/redcap-frames: /);
    expect(refused.stdout + refused.stderr).not.toContain(wrong);
    const ok = await runCli(['export', '--out', join(dir, 'y.csv')], env);
    expect(ok.stdout + ok.stderr).not.toContain(token);
    const noUrl = await runCli(['export', '--out', join(dir, 'x.csv')], { REDCAP_API_TOKEN: token });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/REDCAP_API_URL/);
    const badFormat = await runCli(['export', '--out', join(dir, 'x.xlsx')], env);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/\.arrow, \.csv or \.json/);
    const help = await runCli(['export', '--help']);
    expect(help.stdout).toMatch(/REDCAP_API_TOKEN/);
  });
});

describe('renderProgress', () => {
  it('fills the bar with the share of batches done, within the width', () => {
    expect(renderProgress('export', { done: 1, total: 4, records: 250, totalRecords: 1000 }, 80)).toBe(
      `export [${'#'.repeat(10)}${'.'.repeat(30)}] 1/4 batches, 250/1000 records`,
    );
    expect(renderProgress('export', { done: 1, total: 4, records: 250, totalRecords: 1000 }, 80).length).toBeLessThan(
      80,
    );
    expect(renderProgress('import', { done: 4, total: 4, records: 9, totalRecords: 9 }, 40)).toMatch(
      /^import \[#{10}\] 4\/4/,
    );
  });
});
