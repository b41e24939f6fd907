import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiHttpServer, type HttpOptions } from './http/server.js';
import { readOdmFile } from './odm/parse-odm.js';
import type { ProjectDefinition } from './project-definition.js';
import { createProject, creatorToken, findProjectBySource } from './store/create-project.js';
import { openDatabase, type Db } from './store/database.js';
import { addSuperToken } from './store/api-tokens.js';
import { projectIds, projectInfoJson } from './store/projects-store.js';
import { SUPER_TOKEN } from './store/tokens.js';
import { packWhileCreating } from './records/packed-rows.js';

export interface ServerOptions extends HttpOptions {
  /** SQLite file, or `:memory:`; default {@link defaultDatabasePath}. */
  db?: string;
  host?: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** A 64-hex-character token that may create projects. */
  superToken?: string;
}

/** A project the server holds, with its creator's token. */
export interface HeldProject {
  projectId: number;
  title: string;
  token: string;
}

/** Where the server keeps its database when not told: the user's data directory. */
export function defaultDatabasePath(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'redcap-frames', 'redcap.sqlite');
}

/**
 * The embedded REDCap-compatible server: a SQLite store behind the REDCap
 * API on loopback. Projects come from ODM files, definitions (demo
 * projects), or `content=project` calls made with the super token.
 */
export class RedcapServer {
  readonly db: Db;
  private readonly http: ApiHttpServer;
  private apiUrl = '';

  private constructor(db: Db, opts: ServerOptions) {
    this.db = db;
    this.http = new ApiHttpServer(db, opts);
    if (opts.superToken !== undefined) {
      const token = opts.superToken.trim().toUpperCase();
      if (!SUPER_TOKEN.test(token)) throw new Error('The super token must be 64 hexadecimal characters');
      addSuperToken(db, token, 'admin');
    }
  }

  /** Opens the database and starts listening (loopback unless `host` says otherwise). */
  static async start(opts: ServerOptions = {}): Promise<RedcapServer> {
    const db = openDatabase(opts.db ?? defaultDatabasePath());
    const server = new RedcapServer(db, opts);
    try {
      server.apiUrl = await server.http.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1');
    } catch (err) {
      db.close();
      throw err;
    }
    return server;
  }

  /** `http://host:port/api/`. */
  get url(): string {
    return this.apiUrl;
  }

  /**
   * Adds a project unless one from the same `source` is already held;
   * returns it either way.
   */
  addProject(def: ProjectDefinition, source?: string): HeldProject {
    if (source !== undefined) {
      const existing = findProjectBySource(this.db, source);
      if (existing !== undefined) return this.held(existing);
    }
    const created = createProject(this.db, def, { source, packRecords: packWhileCreating(this.db) });
    return this.held(created.projectId);
  }

  /** Loads a REDCap project XML (CDISC ODM) file. */
  loadProjectFile(path: string): HeldProject {
    const full = resolve(path);
    return this.addProject(readOdmFile(full), `file:${full}`);
  }

  /** Every project with its creator's token. */
  projects(): HeldProject[] {
    return projectIds(this.db).map((id) => this.held(id));
  }

  private held(projectId: number): HeldProject {
    const info = projectInfoJson(this.db, projectId);
    return { projectId, title: String(info.project_title), token: creatorToken(this.db, projectId)?.token ?? '' };
  }

  async close(): Promise<void> {
    await this.http.close();
    this.db.close();
  }
}
