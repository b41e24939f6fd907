import { describe, expect, it } from 'vitest';
import { clinicalStudyProject, demoProjects, tutorialProject } from '../../../src/server/demo/index.js';
import { createProject, findProjectBySource } from '../../../src/server/store/create-project.js';
import { openDatabase } from '../../../src/server/store/database.js';
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
});
