import { CONTENT_TYPES } from '../http/formats.js';
import { parseMappingRows, replaceMappings } from '../structure/form-event-mappings.js';
import { requireLongitudinal } from '../structure/stored-structure.js';
import { armNumbers, readStructureRows, renderStructure } from '../structure/structure-io.js';
import { importAnswer, type ProjectHandler, requireRights } from './handler.js';

/** `content=formEventMapping, action=export`: `{arm_num, unique_event_name, form}`, optionally of some `arms[]`. */
export const exportFormEventMappingsHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  requireLongitudinal(call.project, 'export', 'form/event mappings');
  const wanted = armNumbers(
    call.params.list('arms'),
    call.project.arms.map((a) => a.arm_num),
  );
  const rows = call.project.mappings.filter((m) => !wanted || wanted.includes(m.arm_num));
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderStructure(rows, call.format, ['arm_num', 'unique_event_name', 'form'], 'items'),
  };
};

/** `content=formEventMapping, action=import`: replaces the designations of the arms in the data; answers the count. */
export const importFormEventMappingsHandler: ProjectHandler = (call) => {
  requireRights(call, 'design', 'api_import');
  requireLongitudinal(call.project, 'import', 'form/event mappings');
  const mappings = parseMappingRows(call.db, call.project, readStructureRows(call.params.get('data'), call.format));
  const count = replaceMappings(call.db, call.project, mappings);
  const arms = [...new Set(mappings.map((m) => m.arm_num))].join(', ');
  call.log({
    action: 'Designate instruments for events (API)',
    logType: 'manage',
    details: `${count} designations in arm ${arms}`,
  });
  return importAnswer(call, count);
};
