// The embedded server holding the frames benchmark project, for contender (c):
//   node bench/frames-server.js <dir> [records]
// Loads <dir>/schema.json and <dir>/records.csv (the first `records` of it:
// 0 for an empty project, as the write benchmark imports into) into an
// in-memory server (not timed), then prints one JSON line { url, token,
// pid } and serves until killed.
import { RedcapServer } from '../dist/server/redcap-server.js';
import { benchDefinition } from './bench-definition.js';

const [dir, records] = process.argv.slice(2);
const server = await RedcapServer.start({ db: ':memory:', port: 0 });
// Built in the call, so that nothing of the definition stays reachable once the server holds it.
const held = server.addProject(benchDefinition(dir, records === undefined ? Infinity : Number(records)));
console.log(JSON.stringify({ url: server.url, token: held.token, pid: process.pid }));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
