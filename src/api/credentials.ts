/**
 * API tokens the way analysts keep them, never in a notebook: an
 * environment variable, a file holding only the token (as an editor saves
 * it, with a trailing newline), or a credential CSV in REDCapR's layout
 * (`redcap_uri,username,project_id,token,comment`, one row per project;
 * REDCapR's `retrieve_credential_local()` reads the same columns). A
 * `Credential` keeps the token inside: no property, message, `inspect`,
 * `JSON.stringify` or notebook display shows it.
 */
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { parseCsv } from '../formats/csv.js';
import { checkToken } from './endpoint.js';
import { RedcapUsageError } from './errors.js';
import type { ProjectOptions } from './options.js';
import { Project } from './project.js';

export const TOKEN_ENV = 'REDCAP_API_TOKEN';
export const URL_ENV = 'REDCAP_API_URL';
export const CREDENTIAL_COLUMNS = ['redcap_uri', 'username', 'project_id', 'token', 'comment'] as const;

/** A server and a project token, the token kept out of sight. */
export class Credential {
  readonly #token: string;

  /** @internal */
  constructor(
    readonly url: string,
    token: string,
    /** Where the token came from (`environment variable REDCAP_API_TOKEN`, `file …`). */
    readonly source: string,
    readonly details: { username?: string; projectId?: string; comment?: string } = {},
  ) {
    this.#token = token;
  }

  /** A client for the project. */
  project(options?: ProjectOptions): Project {
    return new Project(this.url, this.#token, options);
  }

  /** The token itself, for the rare time it must be passed on (a child process's environment). */
  revealToken(): string {
    return this.#token;
  }

  toJSON(): { url: string; source: string; username?: string; projectId?: string } {
    return {
      url: this.url,
      source: this.source,
      ...(this.details.username ? { username: this.details.username } : {}),
      ...(this.details.projectId ? { projectId: this.details.projectId } : {}),
    };
  }

  toString(): string {
    return `Credential(${this.url}, token from ${this.source})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Checks a token's shape; the error names where it came from and never shows it. */
function checked(token: string, source: string): string {
  try {
    return checkToken(token, 'project');
  } catch (e) {
    throw new RedcapUsageError(`The token from ${source}: ${(e as Error).message}`);
  }
}

function urlOr(url: string | undefined, source: string): string {
  const found = url ?? process.env[URL_ENV];
  if (!found) throw new RedcapUsageError(`No REDCap URL for the token from ${source}: pass it, or set ${URL_ENV}.`);
  return found;
}

/** The token from an environment variable (default `REDCAP_API_TOKEN`); the URL from `url` or `REDCAP_API_URL`. */
export function tokenFromEnv(options: { variable?: string; url?: string } = {}): Credential {
  const variable = options.variable ?? TOKEN_ENV;
  const source = `environment variable ${variable}`;
  const value = process.env[variable];
  if (value === undefined || value.trim() === '') throw new RedcapUsageError(`The ${source} is not set.`);
  return new Credential(urlOr(options.url, source), checked(value, source), source);
}

/** The token from a file that holds only the token (a trailing newline, CRLF or spaces are stripped). */
export function tokenFromFile(path: string, options: { url?: string } = {}): Credential {
  const source = `file ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RedcapUsageError(
      `Cannot read the token ${source}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}.`,
    );
  }
  return new Credential(urlOr(options.url, source), checked(text.replace(/^\uFEFF/, '').trim(), source), source);
}

/**
 * The token of one project from a REDCapR-style credential CSV: the row
 * whose `project_id` (and `username`, `redcap_uri` when given) match.
 * Exactly one row must match; errors list the rows by project and user only.
 */
export function credentialFromCsv(
  path: string,
  select: { projectId: string | number; username?: string; url?: string },
): Credential {
  const source = `credential file ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RedcapUsageError(`Cannot read the ${source}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
  const { header, rows } = parseCsv(text);
  const names = header.map((h) => h.trim());
  const lacking = ['redcap_uri', 'project_id', 'token'].filter((c) => !names.includes(c));
  if (lacking.length)
    throw new RedcapUsageError(
      `The ${source} lacks the column${lacking.length > 1 ? 's' : ''} ${lacking.join(', ')} (REDCapR's layout: ${CREDENTIAL_COLUMNS.join(', ')}).`,
    );
  const cell = (row: Record<string, string>, name: string) => (row[header[names.indexOf(name)]] ?? '').trim();
  const id = String(select.projectId);
  const matches = rows.filter(
    (r) =>
      cell(r, 'project_id') === id &&
      (select.username === undefined || cell(r, 'username') === select.username) &&
      (select.url === undefined || cell(r, 'redcap_uri') === select.url),
  );
  const which = `project_id ${id}${select.username ? `, username ${select.username}` : ''}${select.url ? `, redcap_uri ${select.url}` : ''}`;
  if (matches.length !== 1) {
    const listed = rows
      .map((r) => `${cell(r, 'project_id')}${cell(r, 'username') ? `/${cell(r, 'username')}` : ''}`)
      .join(', ');
    throw new RedcapUsageError(
      `The ${source} has ${matches.length === 0 ? 'no row' : `${matches.length} rows`} for ${which} (rows: ${listed || 'none'}).`,
    );
  }
  const row = matches[0];
  const rowSource = `${source} (${which})`;
  return new Credential(cell(row, 'redcap_uri'), checked(cell(row, 'token'), rowSource), rowSource, {
    username: cell(row, 'username') || undefined,
    projectId: id,
    comment: cell(row, 'comment') || undefined,
  });
}
