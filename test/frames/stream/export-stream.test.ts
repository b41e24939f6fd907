import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC, type Table as ArrowTable } from '@uwdata/flechette';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../src/api/project.js';
import type { Schema } from '../../../src/schema/schema.js';
import { RedcapServer, type HeldProject } from '../../../src/server/redcap-server.js';
import { clinicalStudyProject } from '../../../src/server/demo/index.js';
import { tokenHash } from '../../../src/server/store/tokens.js';
import { readRecords, type TypedFrame } from '../../../src/frames/typed-frame.js';
import { loadSchema } from '../../../src/frames/project-frames.js';
import { exportToArrow, exportToParquet, frameToArrow, loadParquetWasm } from '../../../src/frames/stream/index.js';

const RECORDS = 45;
const BATCH = 4;

/** Every column of an Arrow table as plain arrays (timestamps as epoch ms). */
function columnsOf(table: ArrowTable): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const f of table.schema.fields)
    out[f.name] = Array.from(table.getChild(f.name).toArray() as ArrayLike<unknown>, (v) =>
      ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<unknown>) : v,
    );
  return out;
}

async function rowsOf(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

describe('streaming exports to Arrow and Parquet', () => {
  let server: RedcapServer;
  let held: HeldProject;
  let project: Project;
  let schema: Schema;
  let oneShot: TypedFrame;
  let dir: string;
  let duck: DuckDBConnection;

  beforeAll(async () => {
    server = await RedcapServer.start({ db: ':memory:', port: 0 });
    held = server.addProject(clinicalStudyProject({ records: RECORDS, seed: 7 }));
    project = new Project(server.url, held.token);
    schema = await loadSchema(project);
    oneShot = readRecords(await project.exportRecords({ format: 'csv', batchSize: false }), schema);
    dir = await mkdtemp(join(tmpdir(), 'stream-export-'));
    duck = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(async () => {
    duck?.closeSync();
    await project?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes an Arrow file batch by batch that equals the one-shot typed export', async () => {
    const progress: number[] = [];
    const file = join(dir, 'study.arrow');
    const result = await exportToArrow(project, file, {
      schema,
      batchSize: BATCH,
      onBatch: (p) => progress.push(p.recordsDone),
    });
    const read = tableFromIPC(readFileSync(file));
    expect(read.numRows).toBe(oneShot.table.numRows());
    expect(columnsOf(read)).toEqual(columnsOf(frameToArrow(oneShot)));
    // One Arrow record batch per batch of records.
    const batches = Math.ceil(RECORDS / BATCH);
    expect(result.batches).toBe(batches);
    expect(read.getChild('record_id').data.length).toBe(batches);
    expect(progress).toEqual(Array.from({ length: batches }, (_, i) => Math.min(RECORDS, (i + 1) * BATCH)));
    // The Arrow values are the frame's values, typed.
    const sbp = oneShot.table.array('sbp') as unknown as (number | null)[];
    expect(Array.from(read.getChild('sbp').toArray() as ArrayLike<number | null>)).toEqual(Array.from(sbp));
    const enrol = oneShot.table.array('enrol_date') as unknown as (Date | null)[];
    expect(Array.from(read.getChild('enrol_date').toArray() as ArrayLike<number | null>)).toEqual(
      Array.from(enrol, (d) => d?.getTime() ?? null),
    );
    const sex = oneShot.table.array('sex') as unknown as (string | null)[];
    expect(Array.from(read.getChild('sex').toArray() as ArrayLike<string | null>)).toEqual(Array.from(sex));
    expect(sex.filter((s) => s !== null).every((s) => schema.field('sex')!.choices.some((c) => c.label === s))).toBe(
      true,
    );
  });

  it("keeps each column's type in batches where the column is all blank", async () => {
    const file = join(dir, 'types.arrow');
    await exportToArrow(project, file, { schema, batchSize: BATCH });
    const read = tableFromIPC(readFileSync(file));
    const blankInSomeBatch = read.schema.fields.filter((f) => {
      const parts = read.getChild(f.name).data;
      return parts.some((b) => b.length > 0 && b.nullCount === b.length) && parts.some((b) => b.nullCount < b.length);
    });
    expect(blankInSomeBatch.length).toBeGreaterThan(0);
    const typeIds = Object.fromEntries(frameToArrow(oneShot).schema.fields.map((f) => [f.name, f.type.typeId]));
    for (const f of blankInSomeBatch) expect([f.name, f.type.typeId]).toEqual([f.name, typeIds[f.name]]);
  });

  it('holds no more records than the batches in flight, and asks the server for one batch per request', async () => {
    const before = server.db
      .prepare("SELECT COUNT(*) FROM log WHERE project_id = ? AND action = 'Data export (API)'")
      .pluck()
      .get(held.projectId) as number;
    const result = await exportToArrow(project, join(dir, 'bounded.arrows'), {
      schema,
      batchSize: BATCH,
      prefetch: 1,
      ipcFormat: 'stream',
    });
    expect(result.records).toBe(RECORDS);
    expect(result.maxRecordsHeld).toBeGreaterThan(0);
    expect(result.maxRecordsHeld).toBeLessThanOrEqual(2 * BATCH);
    const rowsPerRecord = Math.max(...Object.values(countBy(oneShot.table.array('record_id') as unknown as string[])));
    expect(result.maxRowsHeld).toBeLessThanOrEqual(BATCH * rowsPerRecord);
    const details = server.db
      .prepare("SELECT details FROM log WHERE project_id = ? AND action = 'Data export (API)' ORDER BY log_id")
      .pluck()
      .all(held.projectId)
      .slice(before) as string[];
    const perRequest = details.map((d) => Number(/^(\d+) records/.exec(d)?.[1]));
    // The record-name pass reads every record; each batch after it at most BATCH.
    expect(perRequest[0]).toBe(RECORDS);
    expect(perRequest.slice(1)).toHaveLength(Math.ceil(RECORDS / BATCH));
    expect(Math.max(...perRequest.slice(1))).toBeLessThanOrEqual(BATCH);
    // The streaming format is read by arrow-rs (parquet-wasm) as well as by flechette.
    const bytes = readFileSync(join(dir, 'bounded.arrows'));
    const pw = await loadParquetWasm();
    const wasmTable = pw.Table.fromIPCStream(bytes);
    expect(wasmTable.numBatches).toBe(Math.ceil(RECORDS / BATCH));
    wasmTable.free();
    expect(tableFromIPC(bytes).numRows).toBe(oneShot.table.numRows());
  });

  it('writes Parquet in row groups that DuckDB reads with the same counts and aggregates', async () => {
    const file = join(dir, 'study.parquet');
    const rowGroupSize = 50;
    const result = await exportToParquet(project, file, { schema, batchSize: BATCH, rowGroupSize });
    expect(result.rows).toBe(oneShot.table.numRows());
    const t = oneShot.table;
    const sbp = (t.array('sbp') as unknown as (number | null)[]).filter((v): v is number => v !== null);
    const smokers = (t.array('smoker') as unknown as (boolean | null)[]).filter((v) => v === true).length;
    const enrol = (t.array('enrol_date') as unknown as (Date | null)[])
      .filter((d): d is Date => d !== null)
      .map((d) => d.getTime());
    const [agg] = await rowsOf(
      duck,
      `SELECT count(*)::INTEGER AS n, count(DISTINCT record_id)::INTEGER AS records, sum(sbp) AS sbp_sum,
      count(sbp)::INTEGER AS sbp_n, sum(CASE WHEN smoker THEN 1 ELSE 0 END)::INTEGER AS smokers,
      epoch_ms(min(enrol_date)) AS first_enrol, epoch_ms(max(enrol_date)) AS last_enrol FROM read_parquet('${file}')`,
    );
    expect(agg.n).toBe(t.numRows());
    expect(agg.records).toBe(RECORDS);
    expect(agg.sbp_n).toBe(sbp.length);
    expect(agg.sbp_sum as number).toBeCloseTo(
      sbp.reduce((a, b) => a + b, 0),
      6,
    );
    expect(agg.smokers).toBe(smokers);
    expect(Number(agg.first_enrol)).toBe(Math.min(...enrol));
    expect(Number(agg.last_enrol)).toBe(Math.max(...enrol));
    const byEvent = await rowsOf(
      duck,
      `SELECT redcap_event_name AS e, count(*)::INTEGER AS n FROM read_parquet('${file}') GROUP BY 1 ORDER BY 1`,
    );
    const expected = countBy(t.array('redcap_event_name') as unknown as string[]);
    expect(Object.fromEntries(byEvent.map((r) => [r.e, r.n]))).toEqual(expected);
    const types = await rowsOf(
      duck,
      `SELECT column_name AS c, column_type AS t FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`,
    );
    const typeOf = Object.fromEntries(types.map((r) => [r.c, r.t]));
    expect([typeOf.sbp, typeOf.enrol_date, typeOf.smoker, typeOf.sex]).toEqual([
      'DOUBLE',
      'TIMESTAMP WITH TIME ZONE',
      'BOOLEAN',
      'VARCHAR',
    ]);
    const [groups] = await rowsOf(
      duck,
      `SELECT count(DISTINCT row_group_id)::INTEGER AS g FROM parquet_metadata('${file}')`,
    );
    expect(groups.g).toBe(Math.ceil(t.numRows() / rowGroupSize));
  });

  it('DuckDB reads the Arrow and Parquet exports of the same project as the same rows', async () => {
    const pq = join(dir, 'same.parquet');
    await exportToParquet(project, pq, { schema, batchSize: 10, checkboxes: 'list' });
    const arrow = await exportToArrow(project, join(dir, 'same.arrow'), { schema, batchSize: 10, checkboxes: 'list' });
    expect(arrow.columns.find((c) => c.name === 'race')?.type).toBe('list');
    const fromArrow = tableFromIPC(readFileSync(join(dir, 'same.arrow')));
    const listed = await rowsOf(
      duck,
      `SELECT record_id, redcap_event_name AS e, redcap_repeat_instance AS i, race FROM read_parquet('${pq}')`,
    );
    const race = Array.from(fromArrow.getChild('race').toArray() as ArrayLike<unknown>, (v) =>
      v === null ? null : Array.from(v as ArrayLike<string>),
    );
    expect(listed.map((r) => r.race)).toEqual(race);
  });

  it('leaves no file behind when a batch fails part-way, and says why', async () => {
    const file = join(dir, 'failed.parquet');
    const token = held.token;
    const revoke = (batch: number) => {
      if (batch === 3)
        server.db
          .prepare(
            'UPDATE users SET token_hash = ? WHERE project_id = ? AND username = (SELECT username FROM users WHERE project_id = ? AND token = ?)',
          )
          .run('revoked', held.projectId, held.projectId, token);
    };
    const failing = new Project(server.url, token, { retries: 0 });
    try {
      await expect(
        exportToParquet(failing, file, { schema, batchSize: BATCH, onBatch: (p) => revoke(p.batch) }),
      ).rejects.toThrow(/You do not have permissions to use the API/);
    } finally {
      server.db
        .prepare('UPDATE users SET token_hash = ? WHERE project_id = ? AND token = ?')
        .run(tokenHash(token), held.projectId, token);
      await failing.close();
    }
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('stops with a clear error when a record of a later batch disappears during the export', async () => {
    const copy = server.addProject(clinicalStudyProject({ records: 12, seed: 3 }), 'stream-delete');
    const p = new Project(server.url, copy.token);
    try {
      const ids = [...new Set((await p.exportRecords({ fields: ['record_id'] })).map((r) => String(r.record_id)))];
      const victim = ids[ids.length - 1];
      const file = join(dir, 'vanished.arrow');
      const run = exportToArrow(p, file, {
        batchSize: 3,
        prefetch: 0,
        onBatch: (b) => {
          if (b.batch === 1) void p.deleteRecords([victim]);
        },
      });
      await expect(run).rejects.toThrow(new RegExp(`missing "${victim}".*export again`));
      expect(existsSync(file)).toBe(false);
    } finally {
      await p.close();
    }
  });
});

function countBy(values: readonly (string | null)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}
