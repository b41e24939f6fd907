import type { Db } from '../store/database.js';
import { superTokenUser, tokenUser } from '../store/api-tokens.js';
import { readRights, type UserRights } from './rights.js';

/** The user behind a project API token. */
export interface ApiUser {
  projectId: number;
  username: string;
  rights: UserRights;
  /** The user's data access group; null sees every record. */
  groupId: number | null;
}

/**
 * Finds the user of a project token. Lookup is by the token's hash
 * (a unique index), so no secret is compared byte by byte in SQL.
 * Rights come from the user's role when it has one, as in REDCap.
 */
export function userByToken(db: Db, token: string): ApiUser | undefined {
  const row = tokenUser(db, token);
  if (!row) return undefined;
  return {
    projectId: row.project_id,
    username: row.username,
    rights: readRights(row.role_rights ?? row.rights_json),
    groupId: row.group_id,
  };
}

export function isSuperToken(db: Db, token: string): string | undefined {
  return superTokenUser(db, token);
}
