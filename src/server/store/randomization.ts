import type { Db } from './database.js';
import { bumpStructure, projectState } from './project-state.js';

/**
 * Randomization as REDCap models it: a project may hold several
 * randomizations, each writing an allocated value into one target field
 * (radio or dropdown) and drawing it from an uploaded allocation table.
 * Allocations may be stratified by other fields and by DAG; the first
 * unused row of the record's stratum is taken.
 */

export interface StratumField {
  field: string;
  /** Unique event name the value is read from (longitudinal projects). */
  event?: string;
}

export interface AllocationRow {
  /** The code written into the target field. */
  target: string;
  /** REDCap's alternate allocation text (`target_field_alt`), e.g. a blinded kit number. */
  alt?: string;
  /** The stratum this row serves: a code per stratification field. */
  strata?: Record<string, string>;
  /** The DAG (unique name) this row serves, when stratified by group. */
  group?: string;
}

export interface RandomizationInput {
  targetField: string;
  /** Unique event name of the target field (required in longitudinal projects). */
  targetEvent?: string;
  strata?: StratumField[];
  /** Stratify by data access group. */
  byGroup?: boolean;
  allocations: AllocationRow[];
}

export interface StoredRandomization {
  id: number;
  targetField: string;
  targetEventId: number;
  strata: { field: string; eventId: number | null }[];
  byGroup: boolean;
}

/** The key of a stratum: field codes in stratification order, then the group id. */
export function stratumKey(values: readonly string[], groupId: number | null): string {
  return JSON.stringify([...values, groupId]);
}

/**
 * Sets up a randomization with its allocation table (REDCap uploads the
 * table on its Randomization page; this is the way in for tests and
 * demos) and turns randomization on for the project. Returns the
 * `randomization_id`. Everything is checked against the project first.
 */
export function defineRandomization(db: Db, projectId: number, input: RandomizationInput): number {
  const state = projectState(db, projectId);
  if (!state) throw new Error(`Unknown project ${projectId}`);
  const schema = state.schema;
  const longitudinal = state.schema.longitudinal;
  const eventIdOf = (event: string | undefined, form: string, what: string): number => {
    if (!longitudinal) return state.defaultEventId;
    if (!event) throw new Error(`The ${what} needs an event in a longitudinal project`);
    const id = state.eventIds.get(event);
    if (id === undefined) throw new Error(`Unknown event "${event}" for the ${what}`);
    if (!schema.isFormInEvent(form, event))
      throw new Error(`The form "${form}" of the ${what} is not designated for the event "${event}"`);
    return id;
  };
  const target = schema.field(input.targetField);
  if (!target || (target.type !== 'radio' && target.type !== 'dropdown')) {
    throw new Error(`The randomization target "${input.targetField}" must be a radio or dropdown field of the project`);
  }
  const targetEventId = eventIdOf(input.targetEvent, target.form, 'target field');
  const strata = (input.strata ?? []).map((s) => {
    const rule = schema.field(s.field);
    if (!rule || (rule.kind !== 'choice' && rule.kind !== 'boolean') || rule.type === 'checkbox') {
      throw new Error(
        `The stratification field "${s.field}" must be a single-choice field (radio, dropdown, yes/no, true/false) of the project`,
      );
    }
    if (s.field === input.targetField) throw new Error('The target field cannot also stratify');
    return {
      field: s.field,
      eventId: longitudinal ? eventIdOf(s.event, rule.form, `stratification field "${s.field}"`) : null,
    };
  });
  const dagIds = new Map(state.dags.map((d) => [d.unique_name, d.group_id]));
  if (input.allocations.length === 0) throw new Error('The allocation table is empty');
  const rows = input.allocations.map((a, i) => {
    const where = `allocation row ${i + 1}`;
    if (!target.byCode.has(a.target))
      throw new Error(`${where}: "${a.target}" is not a code of the target field "${input.targetField}"`);
    const values = strata.map((s) => {
      const v = a.strata?.[s.field];
      if (v === undefined || !schema.field(s.field)!.byCode.has(v))
        throw new Error(`${where}: "${v ?? ''}" is not a code of the stratification field "${s.field}"`);
      return v;
    });
    let groupId: number | null = null;
    if (input.byGroup) {
      groupId = dagIds.get(a.group ?? '') ?? null;
      if (groupId === null) throw new Error(`${where}: "${a.group ?? ''}" is not a data access group of the project`);
    }
    return { stratum: stratumKey(values, groupId), target: a.target, alt: a.alt ?? '' };
  });
  const run = db.transaction(() => {
    const id = Number(
      db
        .prepare(
          'INSERT INTO randomization (project_id, target_field, target_event_id, strata_json, by_group) VALUES (?, ?, ?, ?, ?)',
        )
        .run(projectId, input.targetField, targetEventId, JSON.stringify(strata), input.byGroup ? 1 : 0)
        .lastInsertRowid,
    );
    const ins = db.prepare(
      'INSERT INTO allocations (randomization_id, stratum, target_value, target_alt) VALUES (?, ?, ?, ?)',
    );
    for (const r of rows) ins.run(id, r.stratum, r.target, r.alt);
    const info = JSON.parse(
      (db.prepare('SELECT info_json FROM projects WHERE project_id = ?').get(projectId) as { info_json: string })
        .info_json,
    );
    info.randomization_enabled = 1;
    db.prepare('UPDATE projects SET info_json = ? WHERE project_id = ?').run(JSON.stringify(info), projectId);
    bumpStructure(db, projectId);
    return id;
  });
  return run();
}

/** The project's randomizations. */
export function projectRandomizations(db: Db, projectId: number): StoredRandomization[] {
  return (
    db
      .prepare(
        'SELECT randomization_id, target_field, target_event_id, strata_json, by_group FROM randomization WHERE project_id = ? ORDER BY randomization_id',
      )
      .all(projectId) as {
      randomization_id: number;
      target_field: string;
      target_event_id: number;
      strata_json: string;
      by_group: number;
    }[]
  ).map((r) => ({
    id: r.randomization_id,
    targetField: r.target_field,
    targetEventId: r.target_event_id,
    strata: JSON.parse(r.strata_json),
    byGroup: r.by_group === 1,
  }));
}

export interface Allocation {
  allocationId: number;
  target: string;
  alt: string;
}

/** The allocation a record already holds in a randomization, if any. */
export function allocationOf(db: Db, randomizationId: number, record: string): Allocation | undefined {
  return db
    .prepare(
      'SELECT allocation_id AS allocationId, target_value AS target, target_alt AS alt FROM allocations WHERE randomization_id = ? AND record = ?',
    )
    .get(randomizationId, record) as Allocation | undefined;
}

/** The first unused allocation of a stratum. */
export function freeAllocation(db: Db, randomizationId: number, stratum: string): Allocation | undefined {
  return db
    .prepare(`SELECT allocation_id AS allocationId, target_value AS target, target_alt AS alt FROM allocations
    WHERE randomization_id = ? AND stratum = ? AND record IS NULL ORDER BY allocation_id LIMIT 1`)
    .get(randomizationId, stratum) as Allocation | undefined;
}

export function markAllocated(db: Db, allocationId: number, record: string, at: string): void {
  db.prepare('UPDATE allocations SET record = ?, allocated_at = ? WHERE allocation_id = ?').run(
    record,
    at,
    allocationId,
  );
}
