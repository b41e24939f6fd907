/**
 * Users, user roles and their mappings.
 */
import type { ApiContext } from '../context.js';
import type { Format, FormatOption, Formatted, ImportData, ImportFormatOption } from '../types/common.js';
import type { UserRights, UserRole, UserRoleMapping } from '../types/users.js';
import { deleteNamed, exportRows, importRows } from './common.js';

export function exportUsers<F extends Format = 'json'>(
  ctx: ApiContext,
  options: FormatOption<F> = {},
): Promise<Formatted<F, UserRights[]>> {
  return exportRows<UserRights, F>(ctx, { method: 'exportUsers', content: 'user' }, options.format);
}

/** Adds or updates users; rights left out keep their values. */
export function importUsers(
  ctx: ApiContext,
  data: ImportData<Partial<UserRights> & { username: string }>,
  options: ImportFormatOption = {},
): Promise<number> {
  return importRows(ctx, { method: 'importUsers', content: 'user' }, data, options.format);
}

export function deleteUsers(ctx: ApiContext, usernames: readonly string[]): Promise<number> {
  return deleteNamed(ctx, { method: 'deleteUsers', content: 'user' }, 'users', usernames);
}

export function exportUserRoles<F extends Format = 'json'>(
  ctx: ApiContext,
  options: FormatOption<F> = {},
): Promise<Formatted<F, UserRole[]>> {
  return exportRows<UserRole, F>(ctx, { method: 'exportUserRoles', content: 'userRole' }, options.format);
}

export function importUserRoles(
  ctx: ApiContext,
  data: ImportData<Partial<UserRole> & { role_label: string }>,
  options: ImportFormatOption = {},
): Promise<number> {
  return importRows(ctx, { method: 'importUserRoles', content: 'userRole' }, data, options.format);
}

/** Deletes roles by unique role name. */
export function deleteUserRoles(ctx: ApiContext, roles: readonly string[]): Promise<number> {
  return deleteNamed(ctx, { method: 'deleteUserRoles', content: 'userRole' }, 'roles', roles);
}

export function exportUserRoleMappings<F extends Format = 'json'>(
  ctx: ApiContext,
  options: FormatOption<F> = {},
): Promise<Formatted<F, UserRoleMapping[]>> {
  return exportRows<UserRoleMapping, F>(
    ctx,
    { method: 'exportUserRoleMappings', content: 'userRoleMapping' },
    options.format,
  );
}

export function importUserRoleMappings(
  ctx: ApiContext,
  data: ImportData<UserRoleMapping>,
  options: ImportFormatOption = {},
): Promise<number> {
  return importRows(ctx, { method: 'importUserRoleMappings', content: 'userRoleMapping' }, data, options.format);
}
