import { readRights, type UserRights } from '../auth/rights.js';
import type { Db } from './database.js';
import { bumpStructure } from './project-state.js';
import { newProjectToken, tokenHash } from './tokens.js';

/**
 * Gives a project user an API token (a new random one unless given),
 * creating the user with the given rights if it does not exist yet.
 * Returns the token.
 */
export function issueApiToken(
  db: Db,
  projectId: number,
  username: string,
  opts: { rights?: Partial<UserRights>; groupId?: number | null; token?: string } = {},
): string {
  const token = opts.token ?? newProjectToken();
  const existing = db
    .prepare('SELECT rights_json FROM users WHERE project_id = ? AND username = ?')
    .get(projectId, username) as { rights_json: string } | undefined;
  if (existing) {
    const rights = opts.rights ? { ...readRights(existing.rights_json), ...opts.rights } : undefined;
    db.prepare(`UPDATE users SET token = ?, token_hash = ?, rights_json = COALESCE(?, rights_json), group_id = CASE WHEN ? THEN ? ELSE group_id END
      WHERE project_id = ? AND username = ?`).run(
      token,
      tokenHash(token),
      rights ? JSON.stringify(rights) : null,
      opts.groupId !== undefined ? 1 : 0,
      opts.groupId ?? null,
      projectId,
      username,
    );
  } else {
    const rights = { ...readRights('{}'), ...opts.rights };
    db.prepare(
      `INSERT INTO users (project_id, username, rights_json, group_id, token, token_hash) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(projectId, username, JSON.stringify(rights), opts.groupId ?? null, token, tokenHash(token));
  }
  bumpStructure(db, projectId);
  return token;
}

/** The project user holding a token (by its hash), with its role's rights when it has a role. */
export function tokenUser(
  db: Db,
  token: string,
):
  | { project_id: number; username: string; rights_json: string; group_id: number | null; role_rights: string | null }
  | undefined {
  return db
    .prepare(`SELECT u.project_id, u.username, u.rights_json, u.group_id, r.rights_json AS role_rights
    FROM users u LEFT JOIN roles r ON r.role_id = u.role_id WHERE u.token_hash = ?`)
    .get(tokenHash(token)) as ReturnType<typeof tokenUser>;
}

/** The user name of a super token, if it is one. */
export function superTokenUser(db: Db, token: string): string | undefined {
  return db.prepare('SELECT username FROM super_tokens WHERE token_hash = ?').pluck().get(tokenHash(token)) as
    | string
    | undefined;
}

export function addSuperToken(db: Db, token: string, username: string): void {
  db.prepare('INSERT OR IGNORE INTO super_tokens (token_hash, username) VALUES (?, ?)').run(tokenHash(token), username);
}
