import type { Db } from './database.js';

/** A File Repository folder, limited to a DAG and/or a role when those are set. */
export interface RepoFolder {
  folder_id: number;
  parent_id: number | null;
  name: string;
  group_id: number | null;
  role_id: number | null;
}

export interface RepoFile {
  doc_id: number;
  name: string;
  mime_type: string;
  folder_id: number | null;
}

export function repoFolders(db: Db, projectId: number): RepoFolder[] {
  return db
    .prepare('SELECT folder_id, parent_id, name, group_id, role_id FROM repo_folders WHERE project_id = ?')
    .all(projectId) as RepoFolder[];
}

/** Whether the folder (null: the top level) already holds a folder of that name, in any case. */
export function folderNameTaken(db: Db, projectId: number, parent: number | null, name: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM repo_folders WHERE project_id = ? AND parent_id IS ? AND lower(name) = lower(?)')
      .get(projectId, parent, name) !== undefined
  );
}

export function insertFolder(db: Db, projectId: number, f: Omit<RepoFolder, 'folder_id'>): number {
  return Number(
    db
      .prepare('INSERT INTO repo_folders (project_id, parent_id, name, group_id, role_id) VALUES (?, ?, ?, ?, ?)')
      .run(projectId, f.parent_id, f.name, f.group_id, f.role_id).lastInsertRowid,
  );
}

/** The files directly in a folder (null: the top level), by name. */
export function folderFiles(db: Db, projectId: number, folder: number | null): { doc_id: number; name: string }[] {
  return db
    .prepare(`SELECT d.doc_id, d.name FROM repo_files rf JOIN docs d ON d.doc_id = rf.doc_id
    WHERE rf.project_id = ? AND rf.folder_id IS ? ORDER BY lower(d.name), d.doc_id`)
    .all(projectId, folder) as { doc_id: number; name: string }[];
}

export function repoFile(db: Db, projectId: number, docId: number): RepoFile | undefined {
  return db
    .prepare(`SELECT d.doc_id, d.name, d.mime_type, rf.folder_id FROM repo_files rf JOIN docs d ON d.doc_id = rf.doc_id
    WHERE rf.project_id = ? AND rf.doc_id = ?`)
    .get(projectId, docId) as RepoFile | undefined;
}

/** Puts a stored document into a folder (null: the top level). */
export function fileInFolder(db: Db, projectId: number, docId: number, folder: number | null): void {
  db.prepare('INSERT INTO repo_files (project_id, doc_id, folder_id) VALUES (?, ?, ?)').run(projectId, docId, folder);
}
