/**
 * The demo projects for notebooks. Under `redcap-frames demo` a notebook
 * is given the server's URL and the projects' tokens in its environment;
 * opened on its own (in Jupyter, by a user) it starts the embedded server
 * in the kernel. Either way the notebook asks for a `Project` by name and
 * never sees a token.
 */
import { inspect } from 'node:util';
import { RedcapUsageError } from '../api/errors.js';
import { Project } from '../api/project.js';
import type { ProjectOptions } from '../api/options.js';
// Type-only: the server (SQLite, its native binding) is loaded when a demo server is started, not with this module.
import type { RedcapServer } from '../server/redcap-server.js';

/** The API URL of a running server with the demo projects. */
export const DEMO_URL_ENV = 'REDCAP_API_URL';
/** JSON object: demo project name → token. */
export const DEMO_TOKENS_ENV = 'REDCAP_DEMO_TOKENS';
/** One project's token, as a user's own REDCap would be given (the tutorial project's under the demo). */
export const API_TOKEN_ENV = 'REDCAP_API_TOKEN';

/** The demo projects, by the name notebooks use. */
export const DEMO_PROJECT_SOURCES = {
  tutorial: 'demo:tutorial',
  'clinical-study': 'demo:clinical-study',
} as const;

export type DemoProjectName = keyof typeof DEMO_PROJECT_SOURCES;

/** A connection to the demo projects (tokens kept inside). */
export class DemoServer {
  readonly #tokens: ReadonlyMap<string, string>;
  readonly #server: RedcapServer | undefined;

  /** @internal */
  constructor(
    readonly url: string,
    tokens: ReadonlyMap<string, string>,
    server?: RedcapServer,
  ) {
    this.#tokens = tokens;
    this.#server = server;
  }

  /** True when this kernel runs the server itself (no URL was given). */
  get embedded(): boolean {
    return this.#server !== undefined;
  }

  /** The names of the projects it holds. */
  get projectNames(): string[] {
    return [...this.#tokens.keys()];
  }

  /** A client for one of the demo projects. */
  project(name: DemoProjectName, options?: ProjectOptions): Project {
    return new Project(this.url, this.revealToken(name), options);
  }

  /**
   * A demo project's token, for code that makes its own HTTP calls (the
   * bare-HTTP part of notebook 1). Keep it in a variable: never print it.
   */
  revealToken(name: DemoProjectName): string {
    const token = this.#tokens.get(name);
    if (token === undefined)
      throw new RedcapUsageError(`The demo server has no project "${name}" (it has: ${this.projectNames.join(', ')}).`);
    return token;
  }

  /** Stops the embedded server (a server given by URL keeps running). */
  async close(): Promise<void> {
    await this.#server?.close();
  }

  toJSON(): { url: string; projects: string[]; embedded: boolean } {
    return { url: this.url, projects: this.projectNames, embedded: this.embedded };
  }

  toString(): string {
    return `DemoServer(${this.url}, projects: ${this.projectNames.join(', ')}${this.embedded ? ', embedded' : ''})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Encodes the tokens for {@link DEMO_TOKENS_ENV}. */
export function demoTokensEnv(tokens: ReadonlyMap<string, string>): string {
  return JSON.stringify(Object.fromEntries(tokens));
}

function tokensFromEnv(text: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RedcapUsageError(`${DEMO_TOKENS_ENV} must be a JSON object of project name → token.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new RedcapUsageError(`${DEMO_TOKENS_ENV} must be a JSON object of project name → token.`);
  return new Map(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** Starts an embedded server (in memory, a free loopback port) holding the demo projects. */
export async function startDemoServer(): Promise<{ server: RedcapServer; tokens: Map<string, string> }> {
  const [{ RedcapServer }, { demoProjects }] = await Promise.all([
    import('../server/redcap-server.js'),
    import('../server/demo/index.js'),
  ]);
  const server = await RedcapServer.start({ db: ':memory:', port: 0 });
  try {
    const bySource = new Map(demoProjects().map((d) => [d.source, server.addProject(d.definition, d.source).token]));
    const tokens = new Map(Object.entries(DEMO_PROJECT_SOURCES).map(([name, source]) => [name, bySource.get(source)!]));
    return { server, tokens };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/**
 * The demo projects: the server named by `REDCAP_API_URL` (tokens in
 * `REDCAP_DEMO_TOKENS`), or an embedded one started for this kernel.
 */
export async function demoServer(): Promise<DemoServer> {
  const url = process.env[DEMO_URL_ENV];
  if (url) {
    const tokens = tokensFromEnv(process.env[DEMO_TOKENS_ENV] ?? '{}');
    return new DemoServer(url, tokens);
  }
  const { server, tokens } = await startDemoServer();
  return new DemoServer(server.url, tokens, server);
}
