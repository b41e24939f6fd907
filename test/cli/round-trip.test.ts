/**
 * Issue 11's done-when, end to end through the command line: a project
 * exported with `redcap-frames export --out x.arrow` and imported with
 * `redcap-frames import x.arrow` into a second project with the same
 * dictionary and no records lands unchanged — the two projects' raw
 * exports (content=record, CSV) are equal, calculated fields included
 * (left out of the import, recomputed by the server).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { parseOdm } from '../../src/server/odm/parse-odm.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { copyFixture, fixtureFile, startServer } from '../helpers/server.js';
import { requireBuild, runCli } from './run-cli.js';

let server: RedcapServer;
let dir: string;
const clients: Project[] = [];

/** The fixture as it is (A), and the same project with no records (B). */
function projects(name: string): {
  a: Project;
  b: Project;
  envA: Record<string, string>;
  envB: Record<string, string>;
} {
  const held = copyFixture(server, name);
  const empty = server.addProject(
    {
      ...parseOdm(fixtureFile(name, 'project.xml')),
      values: [],
      recordDags: [],
      files: [],
      surveyTimestamps: [],
      surveyIdentifiers: [],
    },
    `empty:${name}`,
  );
  const a = new Project(server.url, held.token);
  const b = new Project(server.url, empty.token);
  clients.push(a, b);
  return {
    a,
    b,
    envA: { REDCAP_API_URL: server.url, REDCAP_API_TOKEN: held.token },
    envB: { REDCAP_API_URL: server.url, REDCAP_API_TOKEN: empty.token },
  };
}

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  dir = await mkdtemp(join(tmpdir(), 'rf-cli-round-trip-'));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

// Projects with calculated fields in every shape: classic, longitudinal (with numbers stored as
// `.34`), DAGs, comma decimals, every validation type; and repeating instruments.
const FIXTURES = [
  'simple',
  'validation-types-1',
  'longitudinal',
  'decimal-comma-and-dot',
  'decimal-comma',
  'dag',
  'repeating-instruments-sparse',
];

describe('redcap-frames export | import into a project with the same dictionary', () => {
  for (const name of FIXTURES) {
    it(`${name}: both projects' raw exports are equal`, async () => {
      const { a, b, envA, envB } = projects(name);
      const out = join(dir, `${name}.arrow`);
      const exported = await runCli(['export', '--out', out, '--dags'], envA);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      const imported = await runCli(['import', out], envB);
      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(0);
      // File uploads travel with importFile, not with a record import: their columns are compared apart.
      const dictionary = await a.exportMetadata();
      const files = dictionary.filter((f) => f.field_type === 'file').map((f) => f.field_name);
      const fields = files.length
        ? dictionary.filter((f) => f.field_type !== 'file' && f.field_type !== 'descriptive').map((f) => f.field_name)
        : undefined;
      // Calculated columns are left out and named; the server computes them in B as it did in A.
      if (dictionary.some((f) => f.field_type === 'calc'))
        expect(imported.stdout).toMatch(/^Left out .*\d+ calculated columns? the server computes: /);
      if (files.length) expect(imported.stdout).toMatch(/file upload columns? \(files go with importFile\)/);
      const raw = { format: 'csv', type: 'flat', rawOrLabel: 'raw', exportDataAccessGroups: true, fields } as const;
      const before = await a.exportRecords(raw);
      expect(before.split('\n').length).toBeGreaterThan(2);
      const after = await b.exportRecords(raw);
      // Line by line first: a failure shows the rows that differ.
      expect(after.split('\n')).toEqual(before.split('\n'));
      expect(after).toBe(before);
    });
  }
});
