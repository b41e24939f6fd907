import { demoProjects } from '../server/demo/index.js';
import { RedcapServer, defaultDatabasePath } from '../server/redcap-server.js';
import { option, parseArgs } from './args.js';

export const SERVE_HELP = `redcap-frames serve [--host 127.0.0.1] [--port 8080] [--db FILE] [--project FILE.xml ...] [--demo] [--super-token TOKEN]

Starts the embedded REDCap-compatible server. Prints the API URL and one
"token <token> <title>" line per project. --port 0 picks a free port;
--db :memory: keeps nothing. --public-url is the address users reach the
server at (behind a proxy); survey links are built from it.
Default database: ${defaultDatabasePath()}`;

/** `redcap-frames serve`: runs until interrupted. */
export async function serve(argv: readonly string[], out: (line: string) => void = console.log): Promise<RedcapServer> {
  const args = parseArgs(argv, new Set(['demo', 'help']));
  if (args.options.has('help')) {
    out(SERVE_HELP);
    process.exit(0);
  }
  const port = Number(option(args, 'port', '8080'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535`);
  const server = await RedcapServer.start({
    db: option(args, 'db', defaultDatabasePath()),
    host: option(args, 'host', '127.0.0.1'),
    port,
    superToken: option(args, 'super-token') ?? process.env.REDCAP_SUPER_TOKEN,
    onError: (line) => console.error(line),
    publicUrl: publicUrl(option(args, 'public-url')),
  });
  try {
    if (args.options.has('demo')) for (const d of demoProjects()) server.addProject(d.definition, d.source);
    for (const file of args.options.get('project') ?? []) server.loadProjectFile(file);
  } catch (err) {
    await server.close();
    throw err;
  }
  out(`REDCap API listening on ${server.url}`);
  for (const p of server.projects()) out(`token ${p.token} ${p.title}`);
  return server;
}

function publicUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--public-url must be an absolute http(s) URL, not ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('--public-url must use http or https');
  return url.href;
}
