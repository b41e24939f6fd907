import type { ApiUser } from '../auth/api-user.js';
import type { UserRights } from '../auth/rights.js';
import { forbidden } from '../refusal.js';
import { CONTENT_TYPES, renderCount, type Format } from '../http/formats.js';
import type { ApiParams } from '../http/params.js';
import type { Db } from '../store/database.js';
import type { LogEntry } from '../store/log-store.js';
import type { ProjectState } from '../store/project-state.js';

/** What a handler answers: a body (or chunks of one) with its type. */
export interface ApiResponse {
  status?: number;
  contentType: string;
  body: string | Buffer | Iterable<string>;
  headers?: Record<string, string>;
}

/** Server-wide settings a handler may need. */
export interface ServerInfo {
  /** The REDCap version the server reports. */
  version: string;
  /** `http://host:port` of the server, for survey links. */
  baseUrl: string;
}

/** What every API call carries: its parameters and the server it reached. */
interface ApiCall {
  db: Db;
  params: ApiParams;
  content: string;
  action: string;
  format: Format;
  /** Format of the answer to an import or delete: `returnFormat`, else `format`. */
  returnFormat: Format;
  server: ServerInfo;
}

/** One API call on a project, authenticated. */
export interface ProjectCall extends ApiCall {
  project: ProjectState;
  user: ApiUser;
  log(entry: Omit<LogEntry, 'projectId' | 'username'>): void;
}

/** One API call made with a super token (project creation). */
export interface SuperCall extends ApiCall {
  username: string;
}

/** Most handlers answer at once; some (PDF) finish asynchronously. */
export type ProjectHandler = (call: ProjectCall) => ApiResponse | Promise<ApiResponse>;
export type SuperHandler = (call: SuperCall) => ApiResponse;

/** REDCap's messages for the rights checked by most methods. */
const RIGHT_MESSAGES: Partial<Record<keyof UserRights, string>> = {
  api_export: 'You do not have API Export privileges',
  api_import: 'You do not have API Import/Update privileges',
  record_delete: 'You do not have Delete Record privileges',
  record_rename: 'You do not have Rename Record privileges',
  record_create: 'You do not have Create Record privileges',
  design: 'You do not have Project Setup/Design privileges',
  user_rights: 'You do not have User Rights privileges',
  data_access_groups: 'You do not have Data Access Groups privileges',
  logging: 'You do not have Logging privileges',
  file_repository: 'You do not have File Repository privileges',
  reports: 'You do not have Reports privileges',
  manage_survey_participants: 'You do not have Manage Survey Participants privileges',
  random_perform: 'You do not have Randomize privileges',
};

/** Refuses the call (403) unless the user holds every named right. */
export function requireRights(
  call: ProjectCall,
  ...rights: (keyof Omit<UserRights, 'forms' | 'forms_export'>)[]
): void {
  for (const r of rights) {
    if (!call.user.rights[r]) throw forbidden(RIGHT_MESSAGES[r] ?? `You do not have ${r} privileges`);
  }
}

/**
 * The answer to an import: a count in the call's `returnFormat` (not the
 * format of the data sent). PyCap's live-server suite imports CSV with
 * `returnFormat=csv` and expects `3`, with `returnFormat=xml` and expects
 * `<?xml version="1.0" encoding="UTF-8" ?><count>3</count>`
 * (tests/integration/test_simple_project.py, non-JSON imports).
 */
export function importAnswer(call: ProjectCall, count: number, asObject = false): ApiResponse {
  return { contentType: CONTENT_TYPES[call.returnFormat], body: renderCount(count, call.returnFormat, asObject) };
}

/**
 * The answer to a delete: the bare number of things deleted, whatever the
 * format. PyCap's suites delete records, users and roles with
 * `returnFormat=xml` and expect `'3'` / `'1'` (test_simple_project.py,
 * redcap/methods/users.py doctest), and JSON-decode the same body to an int.
 */
export function deleteAnswer(count: number): ApiResponse {
  return { contentType: 'text/html; charset=utf-8', body: String(count) };
}
