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
  const existing = db.prepare('SELECT rights_json FROM users WHERE project_id = ? AND username = ?').get(projectId, username) as { rights_json: string } | undefined;
  if (existing) {
    const rights = opts.rights ? { ...readRights(existing.rights_json), ...opts.rights } : undefined;
    db.prepare(`UPDATE users SET token = ?, token_hash = ?, rights_json = COALESCE(?, rights_json), group_id = CASE WHEN ? THEN ? ELSE group_id END
      WHERE project_id = ? AND username = ?`).run(token, tokenHash(token), rights ? JSON.stringify(rights) : null,
      opts.groupId !== undefined ? 1 : 0, opts.groupId ?? null, projectId, username);
  } else {
    const rights = { ...readRights('{}'), ...opts.rights };
    db.prepare(`INSERT INTO users (project_id, username, rights_json, group_id, token, token_hash) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(projectId, username, JSON.stringify(rights), opts.groupId ?? null, token, tokenHash(token));
  }
  bumpStructure(db, projectId);
  return token;
}
