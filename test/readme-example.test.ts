import * as aq from 'arquero';
import { expect, it } from 'vitest';
import { Project, exportTable, importTable } from '../src/index.js';
import { htmlOf, textOf } from '../src/notebook/show.js';
import { demoProjects } from '../src/server/demo/index.js';
import { RedcapServer } from '../src/server/redcap-server.js';

// The README's notebook example, as written there, against the demo clinical study.
it('runs the README example: export typed vitals, fix Fahrenheit temperatures, dry run, import', async () => {
  const server = await RedcapServer.start({ db: ':memory:', port: 0 });
  const demo = demoProjects().find((d) => d.source === 'demo:clinical-study')!;
  const project = await Project.connect(server.url, server.addProject(demo.definition, demo.source).token);
  try {
    expect(project.forms).toContain('vitals');
    expect(project.isLongitudinal).toBe(true);
    const vitals = await exportTable(project, { forms: ['vitals'], fields: ['record_id'] });
    const fixed = vitals.table
      .filter((d: any) => d.temperature > 45)
      .derive({ temperature: (d: any) => aq.op.round((((d.temperature - 32) * 5) / 9) * 10) / 10 })
      .select('record_id', 'redcap_event_name', 'temperature');
    expect(fixed.numRows()).toBeGreaterThan(0);
    const preview = await importTable(project, fixed, { dryRun: true });
    expect(preview.diff!.changed).toBe(fixed.numRows());
    // show(preview): the dry run said whole, the diff in it.
    expect(htmlOf(preview)).toMatch(/Dry run: nothing was written.*Import diff/s);
    expect(textOf(preview)).toContain(preview.diff!.toString(20));
    await importTable(project, fixed);
    const after = await exportTable(project, { forms: ['vitals'], fields: ['record_id'] });
    expect(after.table.filter((d: any) => d.temperature > 45).numRows()).toBe(0);
  } finally {
    await project.close();
    await server.close();
  }
});
