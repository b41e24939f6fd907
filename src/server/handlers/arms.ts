import { badRequest } from '../refusal.js';
import { CONTENT_TYPES } from '../http/formats.js';
import { deleteArms, importArms, parseArmRows } from '../structure/arms.js';
import { requireDevelopment, requireLongitudinal } from '../structure/stored-structure.js';
import { armNumbers, renderStructure } from '../structure/structure-io.js';
import { deleteAnswer, importAnswer, type ProjectHandler, requireRights } from './handler.js';
import { readStructureImport } from './structure-import.js';

/**
 * `content=arm, action=export`: `{arm_num, name}` per arm that has events
 * (REDCap hides arms without any), optionally only the `arms[]` asked for.
 */
export const exportArmsHandler: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  requireLongitudinal(call.project, 'export', 'arms');
  const wanted = armNumbers(
    call.params.list('arms'),
    call.project.arms.map((a) => a.arm_num),
  );
  const rows = call.project.arms.filter((a) => !wanted || wanted.includes(a.arm_num));
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderStructure(rows, call.format, ['arm_num', 'name'], 'arms'),
  };
};

/** `content=arm, action=import`: adds and renames arms (`override=1` replaces them all); answers the count. */
export const importArmsHandler: ProjectHandler = (call) => {
  const { items: arms, override } = readStructureImport(call, 'arms', parseArmRows);
  const changes = importArms(call.db, call.project, arms, override);
  for (const n of changes.deleted)
    call.log({
      action: 'Delete arm (API)',
      logType: 'manage',
      details: `Arm ${n} deleted with its events and data (override)`,
    });
  for (const a of changes.created)
    call.log({ action: 'Create arm (API)', logType: 'manage', details: `Arm ${a.arm_num}: ${a.name}` });
  for (const a of changes.renamed)
    call.log({ action: 'Edit arm (API)', logType: 'manage', details: `Arm ${a.arm_num} renamed to ${a.name}` });
  return importAnswer(call, arms.length);
};

/** `content=arm, action=delete`: deletes the `arms[]` with their events and data; answers the count. */
export const deleteArmsHandler: ProjectHandler = (call) => {
  requireRights(call, 'design', 'api_import');
  requireLongitudinal(call.project, 'delete', 'arms');
  requireDevelopment(call.project, 'Deleting arms');
  const arms = armNumbers(call.params.list('arms'));
  if (!arms) throw badRequest('The parameter "arms" is missing');
  const count = deleteArms(call.db, call.project, arms);
  for (const n of new Set(arms))
    call.log({ action: 'Delete arm (API)', logType: 'manage', details: `Arm ${n} deleted with its events and data` });
  return deleteAnswer(count);
};
