import { type RepoFile, type RepoFolder, repoFile, repoFolders } from '../store/repository-store.js';
import { userRoleId } from '../store/users-store.js';
import { badRequest } from '../refusal.js';
import type { ProjectCall } from './handler.js';

export type { RepoFolder } from '../store/repository-store.js';

/**
 * What of the file repository a user may see. A folder limited to a data
 * access group is hidden from users of other groups, one limited to a role
 * from users with another role; users in no group (or with no role) are
 * not limited, as REDCap lets users outside DAGs see all DAGs' data. A
 * folder inside a hidden folder is hidden too, and so are its files.
 */
export class RepositoryAccess {
  private readonly folders: Map<number, RepoFolder>;
  private readonly roleId: number | null;

  constructor(private readonly call: ProjectCall) {
    this.folders = new Map(repoFolders(call.db, call.project.id).map((f) => [f.folder_id, f]));
    this.roleId = userRoleId(call.db, call.project.id, call.user.username);
  }

  get groupId(): number | null {
    return this.call.user.groupId;
  }

  /** A folder the user can see, or undefined. */
  folder(id: number): RepoFolder | undefined {
    const seen = new Set<number>();
    let f = this.folders.get(id);
    const start = f;
    while (f) {
      if (seen.has(f.folder_id) || !this.allows(f)) return undefined;
      seen.add(f.folder_id);
      if (f.parent_id === null) return start;
      f = this.folders.get(f.parent_id);
    }
    return undefined;
  }

  private allows(f: RepoFolder): boolean {
    const groupOk = f.group_id === null || this.call.user.groupId === null || f.group_id === this.call.user.groupId;
    const roleOk = f.role_id === null || this.roleId === null || f.role_id === this.roleId;
    return groupOk && roleOk;
  }

  /** Visible sub-folders of a folder (null: the top level), by name. */
  children(parent: number | null): RepoFolder[] {
    return [...this.folders.values()]
      .filter((f) => f.parent_id === parent && this.folder(f.folder_id) !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.folder_id - b.folder_id);
  }

  /**
   * The `folder_id` parameter: null (the top level) when absent, else a
   * folder the user can see; anything else is refused.
   */
  folderParam(): number | null {
    const text = this.call.params.text('folder_id');
    if (text === '') return null;
    if (!/^\d+$/.test(text) || this.folder(Number(text)) === undefined) {
      throw badRequest(`The folder_id '${text}' is not a valid folder in the File Repository`);
    }
    return Number(text);
  }

  /** A repository file the user can see (its folder visible), from the `doc_id` parameter. */
  fileParam(): RepoFile {
    const text = this.call.params.text('doc_id');
    if (text === '') throw badRequest('The parameter "doc_id" is missing');
    const row = /^\d+$/.test(text) ? repoFile(this.call.db, this.call.project.id, Number(text)) : undefined;
    if (!row || (row.folder_id !== null && this.folder(row.folder_id) === undefined)) {
      throw badRequest(`The doc_id '${text}' is not a valid file in the File Repository`);
    }
    return row;
  }
}
