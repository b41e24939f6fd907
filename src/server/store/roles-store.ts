import type { Db } from './database.js';

export interface StoredRole {
  role_id: number;
  unique_role_name: string;
  role_label: string;
  rights_json: string;
}

/** The project's roles, by label. */
export function storedRoles(db: Db, projectId: number): StoredRole[] {
  return db
    .prepare(
      'SELECT role_id, unique_role_name, role_label, rights_json FROM roles WHERE project_id = ? ORDER BY role_label, role_id',
    )
    .all(projectId) as StoredRole[];
}

/** Whether any project uses the unique role name (they are unique server-wide, as REDCap's). */
export function roleNameTaken(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM roles WHERE unique_role_name = ?').get(name) !== undefined;
}

export function insertRole(db: Db, projectId: number, name: string, label: string, rightsJson: string): void {
  db.prepare('INSERT INTO roles (project_id, unique_role_name, role_label, rights_json) VALUES (?, ?, ?, ?)').run(
    projectId,
    name,
    label,
    rightsJson,
  );
}

export function updateRole(db: Db, roleId: number, label: string, rightsJson: string): void {
  db.prepare('UPDATE roles SET role_label = ?, rights_json = ? WHERE role_id = ?').run(label, rightsJson, roleId);
}

export function deleteRole(db: Db, roleId: number): void {
  db.prepare('DELETE FROM roles WHERE role_id = ?').run(roleId);
}

export function roleExists(db: Db, projectId: number, roleId: number): boolean {
  return db.prepare('SELECT 1 FROM roles WHERE project_id = ? AND role_id = ?').get(projectId, roleId) !== undefined;
}
