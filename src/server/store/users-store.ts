import { type Db, prepared } from './database.js';
import { tokenHash } from './tokens.js';

/** A project user as stored, with the rights of its role when it has one. */
export interface StoredUser {
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  expiration: string;
  group_id: number | null;
  role_id: number | null;
  rights_json: string;
  role_rights: string | null;
}

/** Every user of the project, by user name. */
export function storedUsers(db: Db, projectId: number): StoredUser[] {
  return db
    .prepare(`SELECT u.username, u.email, u.firstname, u.lastname, u.expiration, u.group_id, u.role_id, u.rights_json,
      r.rights_json AS role_rights
    FROM users u LEFT JOIN roles r ON r.role_id = u.role_id WHERE u.project_id = ? ORDER BY u.username`)
    .all(projectId) as StoredUser[];
}

export interface UserIdentity {
  username: string;
  email?: string;
  firstname?: string;
  lastname?: string;
  expiration?: string;
}

/** Adds a user to a project; `token` (stored with its hash, to be looked up by it) only for a creator or super token. */
export function insertUser(
  db: Db,
  projectId: number,
  u: UserIdentity,
  groupId: number | null,
  rightsJson: string,
  extra: { roleId?: number | null; token?: string } = {},
): void {
  prepared(
    db,
    `INSERT INTO users (project_id, username, email, firstname, lastname, expiration, group_id, role_id, rights_json, token, token_hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    projectId,
    u.username,
    u.email ?? '',
    u.firstname ?? '',
    u.lastname ?? '',
    u.expiration ?? '',
    groupId,
    extra.roleId ?? null,
    rightsJson,
    extra.token ?? null,
    extra.token === undefined ? null : tokenHash(extra.token),
  );
}

/** Changes what is given (identity fields, group when `groupId` is not undefined) and sets the rights. */
export function updateUser(
  db: Db,
  projectId: number,
  u: UserIdentity,
  groupId: number | null | undefined,
  rightsJson: string,
): void {
  db.prepare(`UPDATE users SET email = COALESCE(?, email), firstname = COALESCE(?, firstname), lastname = COALESCE(?, lastname),
    expiration = COALESCE(?, expiration), group_id = CASE WHEN ? THEN ? ELSE group_id END, rights_json = ?
    WHERE project_id = ? AND username = ?`).run(
    u.email ?? null,
    u.firstname ?? null,
    u.lastname ?? null,
    u.expiration ?? null,
    groupId !== undefined ? 1 : 0,
    groupId ?? null,
    rightsJson,
    projectId,
    u.username,
  );
}

export function userRightsJson(db: Db, projectId: number, username: string): string {
  return db
    .prepare('SELECT rights_json FROM users WHERE project_id = ? AND username = ?')
    .pluck()
    .get(projectId, username) as string;
}

export function deleteUser(db: Db, projectId: number, username: string): void {
  db.prepare('DELETE FROM users WHERE project_id = ? AND username = ?').run(projectId, username);
}

/** Puts a user in a data access group (null: none). */
export function setUserGroup(db: Db, projectId: number, username: string, groupId: number | null): void {
  db.prepare('UPDATE users SET group_id = ? WHERE project_id = ? AND username = ?').run(groupId, projectId, username);
}

export function setUserRole(db: Db, projectId: number, username: string, roleId: number): void {
  db.prepare('UPDATE users SET role_id = ? WHERE project_id = ? AND username = ?').run(roleId, projectId, username);
}

/** Takes users (all, or one) out of a role; they keep the role's rights as their own. */
export function leaveRole(db: Db, projectId: number, roleId: number, username?: string): void {
  db.prepare(`UPDATE users SET rights_json = (SELECT rights_json FROM roles WHERE role_id = ?), role_id = NULL
    WHERE project_id = ? AND role_id = ?${username === undefined ? '' : ' AND username = ?'}`).run(
    ...(username === undefined ? [roleId, projectId, roleId] : [roleId, projectId, roleId, username]),
  );
}

/** The role of a user (null: none). */
export function userRoleId(db: Db, projectId: number, username: string): number | null {
  return (
    (db.prepare('SELECT role_id FROM users WHERE project_id = ? AND username = ?').pluck().get(projectId, username) as
      | number
      | null
      | undefined) ?? null
  );
}
