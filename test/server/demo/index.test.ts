import { describe, expect, it } from 'vitest';
import { clinicalStudyProject, demoProjects, tutorialProject } from '../../../src/server/demo/index.js';
import { createProject, findProjectBySource } from '../../../src/server/store/create-project.js';
import { openDatabase } from '../../../src/server/store/database.js';
import { RedcapServer } from '../../../src/server/redcap-server.js';
import { definitionProblems } from './definition-checks.js';

describe('demoProjects', () => {
  const demos = demoProjects();

  it('offers the tutorial and the clinical study under distinct demo sources', () => {
    expect(demos.map((d) => d.source)).toEqual(['demo:tutorial', 'demo:clinical-study']);
    expect(demos[0].definition).toEqual(tutorialProject());
    expect(demos[1].definition).toEqual(clinicalStudyProject());
    expect(new Set(demos.map((d) => d.definition.info.project_title)).size).toBe(2);
    for (const d of demos) expect(definitionProblems(d.definition)).toEqual([]);
  });

  it('load side by side into one database and are found again by source', () => {
    const db = openDatabase(':memory:');
    const ids = demos.map((d) => createProject(db, d.definition, { source: d.source }).projectId);
    expect(new Set(ids).size).toBe(2);
    demos.forEach((d, i) => expect(findProjectBySource(db, d.source)).toBe(ids[i]));
    expect(findProjectBySource(db, 'demo:nothing')).toBeUndefined();
    // Event ids stay unique across the two projects, as REDCap's do.
    const eventIds = db.prepare('SELECT event_id FROM events').pluck().all() as number[];
    expect(new Set(eventIds).size).toBe(eventIds.length);
    db.close();
  });

  it("survive the server's own import: export, re-import into an empty copy, export again", async () => {
    const server = await RedcapServer.start({ db: ':memory:', port: 0 });
    const post = async (token: string, params: Record<string, string>) => {
      const res = await fetch(server.url, {
        method: 'POST',
        body: new URLSearchParams({ token, format: 'json', ...params }),
      });
      return { status: res.status, body: await res.text() };
    };
    try {
      for (const demo of demos) {
        const held = server.addProject(demo.definition, demo.source);
        const exported = await post(held.token, { content: 'record', type: 'flat' });
        expect(exported.status).toBe(200);
        const rows = JSON.parse(exported.body) as Record<string, unknown>[];
        expect(rows.length).toBeGreaterThan(0);
        // Same structure, no data; calc and file fields cannot be imported, the server computes calcs itself.
        const empty = { ...demo.definition, values: [], files: [], recordDags: [], surveyTimestamps: [] };
        const copy = server.addProject(empty, `copy-of:${demo.source}`);
        const notImportable = new Set(
          demo.definition.dictionary
            .filter((r) => r.field_type === 'calc' || r.field_type === 'file')
            .map((r) => r.field_name),
        );
        const data = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !notImportable.has(k))));
        const imported = await post(copy.token, {
          content: 'record',
          action: 'import',
          type: 'flat',
          overwriteBehavior: 'normal',
          data: JSON.stringify(data),
        });
        expect(imported.body, `import of ${demo.source}`).toBe(
          JSON.stringify({ count: new Set(rows.map((r) => r[demo.definition.dictionary[0].field_name])).size }),
        );
        const again = JSON.parse((await post(copy.token, { content: 'record', type: 'flat' })).body) as Record<
          string,
          unknown
        >[];
        const withoutFiles = (list: Record<string, unknown>[]) =>
          list.map((r) =>
            Object.fromEntries(
              Object.entries(r).filter(
                ([k]) => demo.definition.dictionary.find((d) => d.field_name === k)?.field_type !== 'file',
              ),
            ),
          );
        // Recomputed calcs (BMI, age) equal the stored ones, and every other value came through unchanged.
        expect(withoutFiles(again)).toEqual(withoutFiles(rows));
      }
    } finally {
      await server.close();
    }
  });
});
