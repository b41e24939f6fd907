/**
 * The rules a row of a record import obeys, as REDCap checks them and in
 * REDCap's words: a record on every row, a known event, repeat columns
 * only where something repeats, each record/event/instrument/instance once,
 * and values only on forms designated for the row's event. Used by the
 * embedded server's import and by the client's write-back alike.
 */
import type { Schema } from './schema.js';

/** A row's key columns as sent (untrimmed text; '' when absent). */
export interface RowKeyText {
  record: string;
  event: string;
  repeatForm: string;
  instance: string;
}

export interface RowKeys {
  record: string;
  /** Unique event name ('' in classic projects). */
  event: string;
  repeatForm: string;
  /** The instance of a repeating row ('new': the record's next one); null when nothing repeats. */
  instance: number | 'new' | null;
  /** The row is an instance of a repeating instrument or event. */
  repeating: boolean;
}

export interface RowProblem {
  field: string;
  value: string;
  message: string;
}

const WHOLE = /^[1-9]\d*$/;

/**
 * Checks the keys of one row. `allowNew` accepts "new" as an instance
 * (REDCap does so in flat imports). Classic projects ignore the event.
 */
export function checkRowKeys(
  schema: Schema,
  idField: string,
  sent: RowKeyText,
  allowNew: boolean,
): RowKeys | RowProblem {
  const record = sent.record.trim();
  if (record === '') return { field: idField, value: '', message: 'The record ID cannot be blank' };
  const event = schema.longitudinal ? sent.event.trim() : '';
  if (schema.longitudinal && !schema.event(event)) {
    return {
      field: 'redcap_event_name',
      value: event,
      message: `The event name '${event}' is not a valid unique event name`,
    };
  }
  const repeatForm = sent.repeatForm.trim();
  const instanceText = sent.instance.trim();
  if (repeatForm !== '' && !schema.isRepeatingForm(repeatForm, event)) {
    return {
      field: 'redcap_repeat_instrument',
      value: repeatForm,
      message:
        'redcap_repeat_instrument must be the unique form name of a Repeating Instrument in this event. It is not, or the instrument does not exist.',
    };
  }
  const repeating = repeatForm !== '' || schema.isRepeatingEvent(event);
  if (!repeating && instanceText !== '') {
    return {
      field: 'redcap_repeat_instance',
      value: instanceText,
      message:
        'redcap_repeat_instance cannot have a value since this instrument or event is not a repeating instrument or repeating event.',
    };
  }
  let instance: RowKeys['instance'] = null;
  if (repeating) {
    if (allowNew && instanceText === 'new') instance = 'new';
    else if (WHOLE.test(instanceText)) instance = Number(instanceText);
    else {
      return {
        field: 'redcap_repeat_instance',
        value: instanceText,
        message:
          'redcap_repeat_instance must be a whole number greater than 0 (or "new") for a repeating instrument or event',
      };
    }
  }
  return { record, event, repeatForm, instance, repeating };
}

export function isRowProblem(r: RowKeys | RowProblem): r is RowProblem {
  return 'message' in r;
}

/**
 * Remembers the rows' keys to find a record/event/instrument/instance sent twice.
 * Rows of a "new" instance are never the same row.
 */
export class SeenRowKeys {
  private readonly first = new Map<string, number>();

  /** The earlier row with the same keys (and the problem to report), or undefined after noting this one. */
  repeated(keys: RowKeys, row: number, idField: string): { row: number; problem: RowProblem } | undefined {
    if (keys.instance === 'new') return undefined;
    // Most rows have only a record: its id is the key (composite keys hold a NUL, ids do not).
    const key =
      keys.event === '' && keys.repeatForm === '' && keys.instance === null
        ? keys.record
        : `${keys.record}\u0000${keys.event}\u0000${keys.repeatForm}\u0000${keys.instance ?? ''}`;
    const earlier = this.first.get(key);
    if (earlier === undefined) {
      this.first.set(key, row);
      return undefined;
    }
    return {
      row: earlier,
      problem: {
        field: idField,
        value: keys.record,
        message: 'This record, event and instance appear more than once in the imported data',
      },
    };
  }
}

/** Why a form's values cannot go on a row: not designated for its event, not its repeating instrument, or repeating. */
export type Misplacement = 'not-in-event' | 'other-instrument' | 'repeats';

/** Whether a form's fields may hold values on rows of this event and repeat setting (null: they may). */
export function misplacement(
  schema: Schema,
  form: string,
  keys: Pick<RowKeys, 'event' | 'repeatForm' | 'repeating'>,
): Misplacement | null {
  if (!schema.isFormInEvent(form, keys.event)) return 'not-in-event';
  if (keys.repeatForm !== '') return form === keys.repeatForm ? null : 'other-instrument';
  return !keys.repeating && schema.isRepeatingForm(form, keys.event) ? 'repeats' : null;
}

/** REDCap's words for a value of `field` sent where its form does not apply. */
export function misplacementMessage(
  why: Misplacement,
  field: string,
  keys: Pick<RowKeys, 'event' | 'repeatForm'>,
): string {
  if (why === 'not-in-event')
    return `This field ('${field}') exists on an instrument that is not designated for the event named '${keys.event}'`;
  if (why === 'other-instrument')
    return `This field ('${field}') is not on the repeating instrument '${keys.repeatForm}' of this row`;
  return `This field ('${field}') is on a repeating instrument: give redcap_repeat_instrument and redcap_repeat_instance`;
}
