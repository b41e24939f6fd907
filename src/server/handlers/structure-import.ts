import { requireDevelopment, requireLongitudinal } from '../structure/stored-structure.js';
import { readStructureRows } from '../structure/structure-io.js';
import { type ProjectCall, requireRights } from './handler.js';

/**
 * What an arm or event import starts with: design and import rights, a
 * longitudinal project, `override=1` only in development, then the rows
 * of `data` parsed.
 */
export function readStructureImport<T>(
  call: ProjectCall,
  what: 'arms' | 'events',
  parse: (rows: Record<string, string>[]) => T[],
): { items: T[]; override: boolean } {
  requireRights(call, 'design', 'api_import');
  requireLongitudinal(call.project, 'import', what);
  const override = call.params.flag('override');
  if (override) requireDevelopment(call.project, `Importing ${what} with override=1`);
  return { items: parse(readStructureRows(call.params.get('data'), call.format)), override };
}
