// A server for the benchmarks, in its own process: prints one JSON line
// {url, token, projectId} once listening, then serves until killed.
//   node bench/load-server.js load            the load project
//   node bench/load-server.js scale <records> <db file>   the scale project (bench/stream-project.js)
import { RedcapServer } from '../dist/server/redcap-server.js';
import { loadProjectDefinition } from './load-driver.js';

const [kind = 'load', records = '0', db = ':memory:'] = process.argv.slice(2);
const server = await RedcapServer.start({ db, port: 0, onError: (line) => process.stderr.write(`${line}\n`) });
let held;
if (kind === 'scale') {
  const { seedScaleProject } = await import('./stream-project.js');
  held = seedScaleProject(server, Number(records));
} else {
  held = server.addProject(loadProjectDefinition('load benchmark'));
}
process.stdout.write(`${JSON.stringify({ url: server.url, token: held.token, projectId: held.projectId })}\n`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
