import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from '@uwdata/flechette';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStream } from '../../src/cli/export-stream.js';
import { parseOdm } from '../../src/server/odm/parse-odm.js';
import type { HeldProject, RedcapServer } from '../../src/server/redcap-server.js';
import { fixtureFile, startServer } from '../helpers/server.js';

describe('redcap-frames export', () => {
  let server: RedcapServer;
  let held: HeldProject;
  let dir: string;
  beforeAll(async () => {
    server = await startServer();
    held = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), 'cli-export');
    dir = await mkdtemp(join(tmpdir(), 'cli-export-'));
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams the records to an Arrow file with the token from the environment, and never prints it', async () => {
    const lines: string[] = [];
    const out = join(dir, 'simple.arrow');
    const code = await exportStream(['--url', server.url, '--out', out, '--batch-size', '2', '--fields', 'record_id,name_first'], { REDCAP_TOKEN: held.token }, (l) => lines.push(l));
    expect(code).toBe(0);
    const table = tableFromIPC(readFileSync(out));
    expect(table.schema.fields.map((f) => f.name)).toEqual(['record_id', 'name_first']);
    expect(table.numRows).toBe(5);
    expect(lines.at(-1)).toBe(`Wrote 5 rows (5 records, 2 columns) to ${out}.`);
    expect(lines.join('\n')).not.toContain(held.token);
  });

  it('refuses to run without a token, and fails cleanly with a wrong one', async () => {
    const lines: string[] = [];
    expect(await exportStream(['--url', server.url, '--out', join(dir, 'x.parquet')], {}, (l) => lines.push(l))).toBe(2);
    expect(lines[0]).toMatch(/^Set REDCAP_TOKEN/);
    const out = join(dir, 'denied.parquet');
    expect(await exportStream(['--url', server.url, '--out', out], { REDCAP_TOKEN: 'F'.repeat(32) }, (l) => lines.push(l))).toBe(1);
    expect(lines.at(-1)).toMatch(/^Export failed: .*You do not have permissions to use the API/);
    expect(existsSync(out)).toBe(false);
  });
});
