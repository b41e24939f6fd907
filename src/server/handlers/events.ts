import { badRequest } from '../refusal.js';
import { CONTENT_TYPES } from '../http/formats.js';
import { deleteEventsByName, importEvents, parseEventRows } from '../structure/events.js';
import { requireDevelopment, requireLongitudinal } from '../structure/stored-structure.js';
import { armNumbers, renderStructure } from '../structure/structure-io.js';
import { deleteAnswer, importAnswer, type ProjectHandler, requireRights } from './handler.js';
import { readStructureImport } from './structure-import.js';

export const EVENT_COLUMNS = [
  'event_name',
  'arm_num',
  'unique_event_name',
  'custom_event_label',
  'event_id',
  'days_offset',
  'offset_min',
  'offset_max',
] as const;

/** `content=event, action=export`: events in arm and display order, optionally of some `arms[]`. */
export const exportEventsHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  requireLongitudinal(call.project, 'export', 'events');
  const wanted = armNumbers(
    call.params.list('arms'),
    call.project.arms.map((a) => a.arm_num),
  );
  const rows = call.project.events
    .filter((e) => !wanted || wanted.includes(e.arm_num))
    .map((e) => ({
      event_name: e.event_name,
      arm_num: e.arm_num,
      unique_event_name: e.unique_event_name,
      custom_event_label: e.custom_event_label,
      event_id: e.event_id,
      days_offset: e.days_offset,
      offset_min: e.offset_min,
      offset_max: e.offset_max,
    }));
  return { contentType: CONTENT_TYPES[call.format], body: renderStructure(rows, call.format, EVENT_COLUMNS, 'events') };
};

/**
 * `content=event, action=import`: a row without `unique_event_name`
 * creates an event, one with it updates that event; `override=1` first
 * deletes every event the data does not name. Answers the count.
 * Classic projects are refused: REDCap makes a project longitudinal only
 * from its setup page, not through the API.
 */
export const importEventsHandler: ProjectHandler = (call) => {
  const { items: events, override } = readStructureImport(call, 'events', parseEventRows);
  const changes = importEvents(call.db, call.project, events, override);
  for (const name of changes.deleted)
    call.log({
      action: 'Delete event (API)',
      logType: 'manage',
      details: `Event ${name} deleted with its data (override)`,
    });
  for (const name of changes.created)
    call.log({ action: 'Create event (API)', logType: 'manage', details: `Event ${name}` });
  for (const name of changes.updated)
    call.log({ action: 'Edit event (API)', logType: 'manage', details: `Event ${name}` });
  return importAnswer(call, events.length);
};

/** `content=event, action=delete`: deletes the `events[]` (unique names) with their data; answers the count. */
export const deleteEventsHandler: ProjectHandler = (call) => {
  requireRights(call, 'design', 'api_import');
  requireLongitudinal(call.project, 'delete', 'events');
  requireDevelopment(call.project, 'Deleting events');
  const names = call.params.list('events');
  if (!names) throw badRequest('The parameter "events" is missing');
  const count = deleteEventsByName(call.db, call.project, names);
  for (const name of new Set(names))
    call.log({ action: 'Delete event (API)', logType: 'manage', details: `Event ${name} deleted with its data` });
  return deleteAnswer(count);
};
