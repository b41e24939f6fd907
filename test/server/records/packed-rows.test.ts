import { describe, expect, it } from 'vitest';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import { packedRecordRows } from '../../../src/server/records/packed-rows.js';
import { buildRows, packWhileCreating } from '../../../src/server/records/packed-rows.js';
import type { LogicalRow } from '../../../src/server/records/record-rows.js';
import { createProject } from '../../../src/server/store/create-project.js';
import { openDatabase } from '../../../src/server/store/database.js';
import { bumpStructure, projectState } from '../../../src/server/store/project-state.js';
import { readGroupedValues, recordNames } from '../../../src/server/store/record-store.js';
import { RecordWriter } from '../../../src/server/store/record-writer.js';
import { type PackedValue, valueDocs } from '../../../src/server/store/value-docs.js';
import { fixtureFile } from '../../helpers/server.js';

type Db = ReturnType<typeof openDatabase>;

const plain = (r: LogicalRow) => ({
  record: r.record,
  event: r.event,
  eventId: r.eventId,
  repeatForm: r.repeatForm,
  instance: r.instance,
  values: Object.fromEntries(r.values),
  checked: Object.fromEntries([...r.checked].map(([k, v]) => [k, [...v].sort()])),
});

function load(fixture: string) {
  const db = openDatabase(':memory:');
  const { projectId } = createProject(db, parseOdm(fixtureFile(fixture, 'project.xml')));
  return { db, projectId };
}

/** Rows from the packs, and the same rows grouped straight from the EAV table. */
function bothWays(db: Db, projectId: number) {
  const state = projectState(db, projectId)!;
  const names = recordNames(db, projectId);
  const packed = [...packedRecordRows(db, state, names, 3)].flatMap(([, rows]) => rows.map(plain));
  const stored = new Map(readGroupedValues(db, projectId, names));
  const direct = names.flatMap((r) => buildRows(state, r, stored.get(r) ?? []).map(plain));
  return { packed, direct };
}

const packCount = (db: Db) => db.prepare('SELECT COUNT(*) FROM row_packs').pluck().get() as number;

describe('packed export rows', () => {
  for (const fixture of ['longitudinal', 'repeating-instruments', 'checkboxes-1', 'vignette-repeating']) {
    it(`hold the rows the EAV table groups into, made and then read back (${fixture})`, () => {
      const { db, projectId } = load(fixture);
      const first = bothWays(db, projectId);
      expect(first.packed.length).toBeGreaterThan(0);
      expect(first.packed).toEqual(first.direct);
      expect(packCount(db)).toBe(recordNames(db, projectId).length);
      // The second read comes from the packs alone.
      expect(bothWays(db, projectId).packed).toEqual(first.direct);
    });
  }

  it('are dropped by any write to the record, and ignored once the structure changes', () => {
    const { db, projectId } = load('simple');
    const [one, two] = recordNames(db, projectId);
    bothWays(db, projectId);
    const before = packCount(db);
    const docs = valueDocs(db);
    docs.write(
      projectId,
      one,
      docs.read(projectId, one).map((v): PackedValue => (v[2] === 'name_first' ? [v[0], v[1], v[2], 'Zed'] : v)),
    );
    expect(packCount(db)).toBe(before - 1);
    const [event] = docs.read(projectId, two)[0];
    const writer = new RecordWriter(db, projectId);
    writer.insertValue({ record: two, eventId: event, instance: 1, field: 'gone_field' }, 'kept');
    writer.flush();
    expect(packCount(db)).toBe(before - 2);
    const after = bothWays(db, projectId);
    expect(after.packed).toEqual(after.direct);
    // A value under a name the dictionary no longer has rides along by name.
    expect(after.packed.find((r) => r.record === two)?.values.gone_field).toBe('kept');
    expect(after.packed.find((r) => r.record === one)?.values.name_first).toBe('Zed');

    // A rename moves the values: neither name may keep a stale pack.
    db.prepare("UPDATE record_values SET record = 'renamed' WHERE project_id = ? AND record = ?").run(projectId, one);
    const state = projectState(db, projectId)!;
    const rows = new Map(packedRecordRows(db, state, [one, 'renamed']));
    expect(rows.get(one)).toEqual([]);
    expect(rows.get('renamed')?.[0].values.get('name_first')).toBe('Zed');

    bumpStructure(db, projectId);
    const newer = projectState(db, projectId)!;
    expect(newer.version).toBe(state.version + 1);
    const stale = db.prepare("SELECT COUNT(*) FROM row_packs WHERE version = ? AND record <> 'renamed'").pluck();
    expect(stale.get(state.version)).toBeGreaterThan(0);
    const again = bothWays(db, projectId);
    expect(again.packed).toEqual(again.direct);
    expect(stale.get(state.version)).toBe(0);
    // Every record but the renamed one, which holds no values any more.
    expect(stale.get(newer.version)).toBe(recordNames(db, projectId).length - 1);
  });

  for (const fixture of ['longitudinal', 'survey', 'repeating-instruments']) {
    it(`are made while a project is created, except for records that also get survey data or files (${fixture})`, () => {
      const db = openDatabase(':memory:');
      const def = parseOdm(fixtureFile(fixture, 'project.xml'));
      const { projectId } = createProject(db, def, { packRecords: packWhileCreating(db) });
      const elsewhere = new Set(
        [...(def.surveyTimestamps ?? []), ...(def.surveyIdentifiers ?? []), ...def.files].map((x) => x.record),
      );
      const expected = new Set(def.values.map((v) => v.record).filter((r) => !elsewhere.has(r)));
      const packed = db.prepare('SELECT record FROM row_packs WHERE project_id = ?').pluck().all(projectId);
      expect(new Set(packed)).toEqual(expected);
      // The survey fixture's records all have survey data: none is packed ahead.
      expect(fixture === 'survey' ? elsewhere.size : expected.size).toBeGreaterThan(0);
      const { packed: rows, direct } = bothWays(db, projectId);
      expect(rows).toEqual(direct);
    });
  }
});
