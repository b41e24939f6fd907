import { CONTENT_TYPES } from '../http/formats.js';
import { parseRepeatingRows, repeatingRows, replaceRepeating } from '../structure/repeating-setup.js';
import { readStructureRows, renderStructure } from '../structure/structure-io.js';
import { importAnswer, type ProjectHandler, requireRights } from './handler.js';

/**
 * `content=repeatingFormsEvents, action=export`: `{event_name, form_name,
 * custom_form_label}` (`form_name` blank for a repeating event). Classic
 * projects leave `event_name` out, as REDCap returns the event only for
 * longitudinal projects.
 */
export const exportRepeatingHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  const longitudinal = call.project.schema.longitudinal;
  const header = longitudinal ? ['event_name', 'form_name', 'custom_form_label'] : ['form_name', 'custom_form_label'];
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderStructure(repeatingRows(call.project), call.format, header, 'items'),
  };
};

/** `content=repeatingFormsEvents, action=import`: replaces the repeating setup; answers the count. */
export const importRepeatingHandler: ProjectHandler = (call) => {
  requireRights(call, 'design', 'api_import');
  const setups = parseRepeatingRows(call.db, call.project, readStructureRows(call.params.get('data'), call.format));
  const count = replaceRepeating(call.db, call.project, setups);
  const described = setups.map((s) => (s.form ? `${s.form} (${s.event})` : `event ${s.event}`)).join(', ');
  call.log({
    action: 'Set up repeating instruments and events (API)',
    logType: 'manage',
    details: described || 'none',
  });
  return importAnswer(call, count);
};
