/**
 * Data access groups and which user is in which.
 */
import type { ApiContext } from '../context.js';
import type { Format, FormatOption, Formatted, ImportData, ImportFormatOption } from '../types/common.js';
import type { DataAccessGroup, UserDagMapping } from '../types/users.js';
import { deleteNamed, exportRows, importRows } from './common.js';

export function exportDags<F extends Format = 'json'>(
  ctx: ApiContext,
  options: FormatOption<F> = {},
): Promise<Formatted<F, DataAccessGroup[]>> {
  return exportRows<DataAccessGroup, F>(ctx, { method: 'exportDags', content: 'dag' }, options.format);
}

/** Creates groups (empty `unique_group_name`) or renames them. */
export function importDags(
  ctx: ApiContext,
  data: ImportData<Pick<DataAccessGroup, 'data_access_group_name'> & Partial<DataAccessGroup>>,
  options: ImportFormatOption = {},
): Promise<number> {
  return importRows(ctx, { method: 'importDags', content: 'dag' }, data, options.format);
}

/** Deletes groups by unique group name. */
export function deleteDags(ctx: ApiContext, dags: readonly string[]): Promise<number> {
  return deleteNamed(ctx, { method: 'deleteDags', content: 'dag' }, 'dags', dags);
}

/** Moves the token's user into a group (unique group name). */
export async function switchDag(ctx: ApiContext, dag: string): Promise<void> {
  await ctx.transport.call({
    method: 'switchDag',
    content: 'dag',
    action: 'switch',
    write: true,
    format: 'json',
    params: { dag },
  });
}

export function exportUserDagMappings<F extends Format = 'json'>(
  ctx: ApiContext,
  options: FormatOption<F> = {},
): Promise<Formatted<F, UserDagMapping[]>> {
  return exportRows<UserDagMapping, F>(
    ctx,
    { method: 'exportUserDagMappings', content: 'userDagMapping' },
    options.format,
  );
}

export function importUserDagMappings(
  ctx: ApiContext,
  data: ImportData<UserDagMapping>,
  options: ImportFormatOption = {},
): Promise<number> {
  return importRows(ctx, { method: 'importUserDagMappings', content: 'userDagMapping' }, data, options.format);
}
