import { describe, expect, it } from 'vitest';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import { createProject } from '../../../src/server/store/create-project.js';
import { openDatabase } from '../../../src/server/store/database.js';
import { deleteEvents, nextEventId } from '../../../src/server/store/events-store.js';
import { valueDocs } from '../../../src/server/store/value-docs.js';
import { fixtureFile } from '../../helpers/server.js';

describe('event data', () => {
  it('hands out event ids that are never reused, even after the highest is deleted', () => {
    const db = openDatabase(':memory:');
    const { projectId } = createProject(db, parseOdm(fixtureFile('arm-multiple-delete', 'project.xml')));
    const max = db.prepare('SELECT MAX(event_id) FROM events').pluck().get() as number;
    const first = nextEventId(db);
    expect(first).toBe(max + 1);
    deleteEvents(db, projectId, [max]);
    expect(nextEventId(db)).toBe(first + 1);
  });

  it("deletes an event's values, files and designations, and forgets records left without data", () => {
    const db = openDatabase(':memory:');
    const { projectId } = createProject(db, parseOdm(fixtureFile('arm-multiple-delete', 'project.xml')));
    const arm3 = db
      .prepare("SELECT event_id FROM events WHERE project_id = ? AND unique_event_name = 'event_1_arm_3'")
      .pluck()
      .get(projectId) as number;
    const recordsBefore = db
      .prepare('SELECT COUNT(*) FROM records WHERE project_id = ? AND arm_num = 3')
      .pluck()
      .get(projectId) as number;
    expect(recordsBefore).toBeGreaterThan(0);
    const valuesInEvent = () =>
      [...valueDocs(db).each(projectId)].flatMap(([, values]) => values).filter((v) => v[0] === arm3).length;
    expect(valuesInEvent()).toBeGreaterThan(0);
    deleteEvents(db, projectId, [arm3]);
    expect(valuesInEvent()).toBe(0);
    for (const table of ['form_events', 'events']) {
      expect(
        db.prepare(`SELECT COUNT(*) FROM ${table} WHERE project_id = ? AND event_id = ?`).pluck().get(projectId, arm3),
      ).toBe(0);
    }
    expect(db.prepare('SELECT COUNT(*) FROM records WHERE project_id = ? AND arm_num = 3').pluck().get(projectId)).toBe(
      0,
    );
    expect(
      db.prepare('SELECT COUNT(*) FROM records WHERE project_id = ? AND arm_num = 1').pluck().get(projectId),
    ).toBeGreaterThan(0);
  });
});
