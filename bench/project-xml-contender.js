// One contender of the project-XML benchmark, in its own process:
//   node bench/project-xml-contender.js write|parse|load <dir>
// write: <dir>/project.xml, the frames benchmark project as REDCap's ODM
//        (written by our writeOdm a few thousand records at a time: the
//        whole file is larger than a JavaScript string can hold); not timed.
// parse: the XML alone, read by saxes (a conforming streaming parser),
//        every element and attribute seen, nothing built: the baseline.
// load:  what `redcap-frames serve --project <dir>/project.xml` does, timed:
//        read the file into a definition, create the project in SQLite.
import { closeSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

const [mode, dir] = process.argv.slice(2);
const file = join(dir, 'project.xml');

function usage(cpu0, t0) {
  const cpu = process.cpuUsage(cpu0);
  return {
    ms: Math.round(performance.now() - t0),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (mode === 'write') {
  const { benchDefinition } = await import('./bench-definition.js');
  const { writeOdm } = await import('../dist/server/odm/write-odm.js');
  const def = benchDefinition(dir);
  const values = def.values;
  const skeleton = writeOdm({ ...def, values: [] });
  const close = skeleton.indexOf('</ClinicalData>');
  const fd = openSync(`${file}.part`, 'w');
  writeSync(fd, skeleton.slice(0, close));
  // A record's values are listed together: cut the list between records, 2,000 records a piece.
  const starts = [];
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i].record !== values[i - 1].record) starts.push(i);
  for (let k = 0; k < starts.length; k += 2000) {
    const part = writeOdm({ ...def, values: values.slice(starts[k], starts[k + 2000] ?? values.length) });
    const open = part.indexOf('>', part.indexOf('<ClinicalData')) + 1;
    writeSync(fd, part.slice(open, part.lastIndexOf('</ClinicalData>')).replace(/^\n/, ''));
  }
  writeSync(fd, skeleton.slice(close));
  closeSync(fd);
  renameSync(`${file}.part`, file);
  console.log(JSON.stringify({ name: 'write', values: values.length }));
} else if (mode === 'parse') {
  const { SaxesParser } = await import('saxes');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const parser = new SaxesParser();
  let elements = 0;
  let attributes = 0;
  parser.on('opentag', (tag) => {
    elements++;
    attributes += Object.keys(tag.attributes).length;
  });
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; bytes += n)
    parser.write(decoder.write(buffer.subarray(0, n)));
  parser.close();
  closeSync(fd);
  console.log(JSON.stringify({ name: 'parse', ...usage(cpu0, t0), bytes, elements, attributes }));
} else if (mode === 'load') {
  const { RedcapServer } = await import('../dist/server/redcap-server.js');
  const server = await RedcapServer.start({ db: ':memory:', port: 0 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const held = server.loadProjectFile(file);
  const result = usage(cpu0, t0);
  const records = server.db.prepare('SELECT COUNT(*) FROM records WHERE project_id = ?').pluck().get(held.projectId);
  await server.close();
  console.log(JSON.stringify({ name: 'load', ...result, records }));
} else {
  throw new Error(`unknown contender ${mode}`);
}
