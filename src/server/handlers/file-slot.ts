import type { FieldRule } from '../../values/field-rule.js';
import { badRequest } from '../refusal.js';
import { recordArms } from '../store/record-store.js';
import type { ProjectCall } from './handler.js';

/** Where one file of a file-upload field lives: record, event, instance. */
export interface FileSlot {
  record: string;
  field: FieldRule;
  eventId: number;
  /** Unique event name (the hidden `event_1_arm_1` in classic projects). */
  event: string;
  arm: number;
  instance: number;
  /** Whether the record already exists in the event's arm. */
  inArm: boolean;
  /** The record's data access group. */
  groupId: number | null;
}

/**
 * Resolves `record`, `field`, `event` and `repeat_instance` of a file call,
 * with REDCap's refusals: a field that is not a file field (signature
 * fields are file fields), a record that does not exist (or sits in a DAG
 * the user cannot see, which REDCap treats alike), an event that is not
 * valid or does not hold the field's instrument.
 */
export function resolveFileSlot(call: ProjectCall): FileSlot {
  const p = call.params;
  const { schema } = call.project;
  const record = p.text('record');
  const fieldName = p.text('field');
  if (record === '') throw badRequest('The parameter "record" is missing');
  const field = schema.field(fieldName);
  if (field?.type !== 'file') throw badRequest(`The field '${fieldName}' does not exist or is not a 'file' field`);

  const rows = recordArms(call.db, call.project.id, record);
  const visible = rows.filter((r) => call.user.groupId === null || r.group_id === call.user.groupId);
  if (visible.length === 0) throw badRequest(`The record "${record}" does not exist`);

  const longitudinal = call.project.schema.longitudinal;
  let event = p.text('event');
  let eventId: number | undefined;
  if (longitudinal) {
    if (event === '') throw badRequest('The parameter "event" is missing: it is required in longitudinal projects');
    eventId = call.project.eventIds.get(event);
    if (eventId === undefined) throw badRequest(`The event '${event}' is not a valid unique event name`);
    if (!schema.isFormInEvent(field.form, event)) {
      throw badRequest(
        `This field ('${field.name}') exists on an instrument that is not designated for the event named '${event}'`,
      );
    }
  } else {
    // Classic projects: REDCap ignores the event parameter.
    eventId = call.project.defaultEventId;
    event = call.project.eventNames.get(eventId) ?? '';
  }
  const arm = call.project.eventArm.get(eventId) ?? 1;

  const instanceText = p.text('repeat_instance', '1');
  if (!/^[1-9]\d*$/.test(instanceText)) throw badRequest('The value of the parameter "repeat_instance" is not valid');
  const instance = Number(instanceText);
  const eventKey = longitudinal ? event : undefined;
  const repeats = schema.isRepeatingForm(field.form, eventKey) || schema.isRepeatingEvent(eventKey);
  // REDCap would file such a value under an instance nobody can see; refuse it instead.
  if (instance > 1 && !repeats) {
    throw badRequest(
      `The field '${field.name}' is not on a repeating instrument or event, so "repeat_instance" cannot be ${instance}`,
    );
  }
  const own = visible.find((r) => r.arm_num === arm);
  return {
    record,
    field,
    eventId,
    event,
    arm,
    instance,
    inArm: own !== undefined,
    groupId: (own ?? visible[0]).group_id,
  };
}
