import { badRequest } from '../refusal.js';
import { CONTENT_TYPES, renderObject } from '../http/formats.js';
import { recalculateRecords } from '../records/recalculate.js';
import { recordGroup, requireVisibleRecord } from '../access/scope.js';
import { firstInstanceValue } from '../store/record-store.js';
import { RecordWriter } from '../store/record-writer.js';
import { timestamp } from '../store/timestamp.js';
import {
  allocationOf,
  freeAllocation,
  markAllocated,
  projectRandomizations,
  stratumKey,
  type StoredRandomization,
} from '../store/randomization.js';
import { requireRights, type ProjectCall, type ProjectHandler } from './handler.js';

function randomizationOf(call: ProjectCall): StoredRandomization {
  const all = projectRandomizations(call.db, call.project.id);
  if (all.length === 0) throw badRequest('Randomization is not set up in this project: it has no allocation table');
  const text = call.params.text('randomization_id');
  if (text === '') throw badRequest('The parameter "randomization_id" is missing');
  const found = /^\d+$/.test(text) ? all.find((r) => r.id === Number(text)) : undefined;
  if (!found)
    throw badRequest(
      `The randomization_id "${text}" is not a randomization of this project (it has: ${all.map((r) => r.id).join(', ')})`,
    );
  return found;
}

/** A record's value of a field, in one event (or the first that holds it), instance 1. */
function storedValue(call: ProjectCall, record: string, field: string, eventId: number | null): string {
  return firstInstanceValue(call.db, call.project.id, record, field, eventId);
}

/**
 * `content=record, action=randomize`: allocates the record from the
 * randomization's table (the first unused row of its stratum), writes the
 * allocated code into the target field and answers
 * `{randomization_id, record, target_field[, target_field_alt]}` where
 * `target_field` holds the allocated code and `target_field_alt` (with
 * `returnAlt=true`) the alternate allocation. A record is randomized once.
 */
export const randomizeRecord: ProjectHandler = (call) => {
  requireRights(call, 'api_import', 'random_perform');
  const record = call.params.text('record');
  if (record === '') throw badRequest('The parameter "record" is missing');
  const rand = randomizationOf(call);
  requireVisibleRecord(call, record);
  if (allocationOf(call.db, rand.id, record))
    throw badRequest(`The record "${record}" has already been randomized (randomization_id ${rand.id})`);
  const values = rand.strata.map((s) => {
    const v = storedValue(call, record, s.field, s.eventId);
    if (v === '')
      throw badRequest(
        `The record "${record}" cannot be randomized: its stratification field "${s.field}" has no value`,
      );
    return v;
  });
  let groupId: number | null = null;
  if (rand.byGroup) {
    groupId = recordGroup(call, record) ?? null;
    if (groupId === null)
      throw badRequest(
        `The record "${record}" cannot be randomized: randomization ${rand.id} is stratified by data access group and the record is in none`,
      );
  }
  const allocation = freeAllocation(call.db, rand.id, stratumKey(values, groupId));
  if (!allocation) {
    const stratum = [
      ...rand.strata.map((s, i) => `${s.field} = ${values[i]}`),
      ...(rand.byGroup
        ? [`data access group = ${call.project.dags.find((d) => d.group_id === groupId)?.unique_name}`]
        : []),
    ];
    throw badRequest(
      `The record "${record}" cannot be randomized: the allocation table of randomization ${rand.id} has no unused allocation left${stratum.length ? ` for ${stratum.join(', ')}` : ''}`,
    );
  }
  const state = call.project;
  const idField = state.schema.recordIdField;
  const form = state.schema.field(rand.targetField)!.form;
  const run = call.db.transaction(() => {
    markAllocated(call.db, allocation.allocationId, record, timestamp());
    const writer = new RecordWriter(call.db, state.id);
    const target = { record, eventId: rand.targetEventId, instance: 1, field: rand.targetField };
    writer.ensureValue({ ...target, field: idField }, record);
    writer.setValue(target, allocation.target);
    writer.ensureFormStatus(target, form);
    writer.flush();
    recalculateRecords(call.db, state, [record]);
    call.log({
      action: 'Randomize record (API)',
      logType: 'record_edit',
      record,
      eventId: rand.targetEventId,
      groupId: recordGroup(call, record) ?? call.user.groupId,
      details: `randomization_id = ${rand.id}, ${rand.targetField} = '${allocation.target}'`,
    });
  });
  run();
  const answer: Record<string, string | number> = {
    randomization_id: rand.id,
    record,
    target_field: allocation.target,
  };
  if (call.params.flag('returnAlt')) answer.target_field_alt = allocation.alt;
  return { contentType: CONTENT_TYPES[call.format], body: renderObject(answer, call.format, 'item') };
};
