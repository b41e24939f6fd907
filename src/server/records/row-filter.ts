import { badRequest } from '../refusal.js';
import {
  compileLogic,
  evaluateLogic,
  referencedFields,
  LogicSyntaxError,
  type CompiledLogic,
  type LogicContext,
} from '../../logic/index.js';
import type { ProjectState } from '../store/project-state.js';
import type { RowFilter } from './flat-export.js';
import type { LogicalRow } from './record-rows.js';

/**
 * Compiles `filterLogic` into a row filter. Each export row is kept when
 * the logic is true for it: unprefixed fields read the row's own event
 * (a repeating row reads its instance, falling back to the event's base
 * row for fields of other forms); `[event][field]` reads that event.
 */
export function filterLogicRows(
  state: ProjectState,
  logic: string,
  groupNames: Map<string, string> = new Map(),
): RowFilter | undefined {
  if (logic.trim() === '') return undefined;
  let compiled: CompiledLogic;
  try {
    compiled = compileLogic(logic);
  } catch (err) {
    if (err instanceof LogicSyntaxError) throw badRequest(`The filterLogic is not valid. ${err.message}`);
    throw err;
  }
  const schema = state.schema;
  const unknown = referencedFields(compiled).filter(
    (r) =>
      !schema.field(r.field) || (r.event !== undefined && state.schema.longitudinal && !state.eventIds.has(r.event)),
  );
  if (unknown.length) {
    throw badRequest(
      `The filterLogic is not valid. It refers to fields or events that do not exist in the project: ${[...new Set(unknown.map((u) => (u.event ? `[${u.event}][${u.field}]` : `[${u.field}]`)))].join(', ')}`,
    );
  }
  return (row, rows) => {
    const lookupRow = (event: string, field: string, instance?: number): LogicalRow | undefined => {
      const sameEvent = rows.filter((r) => r.event === event);
      if (instance !== undefined)
        return (
          sameEvent.find((r) => r.instance === instance && (r.values.has(field) || r.checked.has(field))) ??
          sameEvent.find((r) => r.instance === instance)
        );
      if (event === row.event && (row.values.has(field) || row.checked.has(field))) return row;
      return sameEvent.find((r) => r.instance === null) ?? (event === row.event ? row : sameEvent[0]);
    };
    const ctx: LogicContext = {
      value(field, lookup) {
        const target = lookupRow(lookup.event ?? row.event, field, lookup.instance);
        if (!target) return lookup.code !== undefined ? '0' : '';
        if (lookup.code !== undefined) return target.checked.get(field)?.has(lookup.code) ? '1' : '0';
        if (field === schema.recordIdField) return row.record;
        return target.values.get(field) ?? '';
      },
      isMissingCode: (v) => schema.missingCodeSet.has(v),
      record: row.record,
      event: row.event,
      instance: row.instance ?? 1,
      dag: groupNames.get(row.record),
    };
    return evaluateLogic(compiled, ctx);
  };
}
