/**
 * Notebook 1 against the tutorial it follows: executed headless with the
 * real Jupyter and tslab kernel against the embedded server's demo
 * projects, its printed lines are checked against what "Intro to the
 * REDCap API" (Scott Burns, 2013) prints, step by step.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { demoTokensEnv, startDemoServer } from '../../src/notebook/demo-server.js';
import type { NotebookJson } from '../../src/notebook/notebook-file.js';
import { executeNotebook, type NotebookRun } from '../../src/notebook/run-notebooks.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';

const root = resolve(import.meta.dirname, '..', '..');

// The tutorial's output, word for word.
const TUTORIAL_FIELDS = [
  'study_id (text) ---> Study ID',
  'first_name (text) ---> First Name',
  'last_name (text) ---> Last Name',
  'dob (text) ---> Date of Birth',
  'sex (dropdown) ---> Gender',
  'address (notes) ---> Street, City, State, ZIP',
  'phone_number (text) ---> Phone number',
  'file (file) ---> File',
  'foo_score (text) ---> Test score for Foo test',
  'bar_score (text) ---> Test score for Bar test',
  'image_path (text) ---> image_path',
];
const TUTORIAL_KEYS =
  'branching_logic, custom_alignment, field_label, field_name, field_note, field_type, form_name, identifier, matrix_group_name, question_number, required_field, section_header, select_choices_or_calculations, text_validation_max, text_validation_min, text_validation_type_or_show_slider_number'.split(
    ', ',
  );
const TUTORIAL_RECORD = [
  'phone_number: (615) 555-1234',
  'first_name: Billy Bob',
  'last_name: blah blah',
  'image_path: /path/to/image',
  'dob: 2000-01-01',
  'demographics_complete: 2',
  'foo_score: 100',
  'sex: 1',
  'study_id: 1',
  'address: 123 Main Street, Anytown USA 23456',
  'imaging_complete: 2',
  'testing_complete: 2',
  'bar_score: 2',
];

describe('notebooks/01-quickstart.ipynb follows the API tutorial', () => {
  let server: RedcapServer;
  let token: string;
  let out: string;
  let run: NotebookRun;
  let cells: string[][];

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'rf-e2e-quickstart-'));
    const demo = await startDemoServer();
    server = demo.server;
    token = demo.tokens.get('tutorial')!;
    run = await executeNotebook(join(root, 'notebooks', '01-quickstart.ipynb'), {
      outDir: out,
      env: { REDCAP_API_URL: server.url, REDCAP_API_TOKEN: token, REDCAP_DEMO_TOKENS: demoTokensEnv(demo.tokens) },
      secrets: [...demo.tokens.values()],
      cellTimeout: 120,
    });
    const nb = run.output ? (JSON.parse(await readFile(run.output, 'utf8')) as NotebookJson) : { cells: [] };
    // Each code cell's printed lines.
    cells = nb.cells
      .filter((c) => c.cell_type === 'code')
      .map((c) =>
        (c.outputs ?? [])
          .map((o) => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? '')))
          .join('')
          .replace(/\n$/, '')
          .split('\n'),
      );
  }, 240_000);

  afterAll(async () => {
    await server?.close();
    await rm(out, { recursive: true, force: true });
  });

  /** The printed lines of the first cell whose output has `line`, from that line on. */
  const from = (line: string): string[] => {
    const cell = cells.find((c) => c.includes(line));
    if (!cell)
      throw new Error(`no cell printed "${line}"; printed:\n${cells.map((c) => c.join('\n')).join('\n---\n')}`);
    return cell.slice(cell.indexOf(line));
  };

  it('runs cleanly, with no token in its output', async () => {
    expect(run.problems).toEqual([]);
    expect(run.ok).toBe(true);
    expect(await readFile(run.output!, 'utf8')).not.toContain(token);
  });

  it("exports the metadata over bare HTTP: status 200, 11 fields, the tutorial's field lines and keys", () => {
    expect(cells).toContainEqual(['200']);
    const printed = from('This project has 11 fields');
    expect(printed.slice(0, 15)).toEqual([
      'This project has 11 fields',
      '',
      'field_name (type) ---> field_label',
      '---------------------------',
      ...TUTORIAL_FIELDS,
    ]);
    const keys = printed
      .find((l) => l.startsWith('Every field has these keys: '))!
      .slice('Every field has these keys: '.length)
      .split(', ');
    expect(keys).toEqual([...keys].sort());
    expect(keys).toEqual(expect.arrayContaining(TUTORIAL_KEYS));
  });

  it("exports 3 records whose keys are the fields and the forms' _complete fields, record 1 as the tutorial shows it", () => {
    const printed = from('This project has 3 records');
    const keys = printed[1]
      .replace(/^Each record has the following keys: /, '')
      .replace(/\.$/, '')
      .split(', ');
    expect(keys.sort()).toEqual(
      [
        ...TUTORIAL_FIELDS.map((l) => l.split(' ')[0]),
        'demographics_complete',
        'imaging_complete',
        'testing_complete',
      ].sort(),
    );
    expect(printed).toContain(
      'But our metadata structure has the following fields: study_id, first_name, last_name, dob, sex, address, phone_number, file, foo_score, bar_score, image_path!',
    );
    expect(from('every field exported: true')).toEqual([
      'every field exported: true',
      'and besides: demographics_complete, imaging_complete, testing_complete',
    ]);
    const record = from('study_id: 1');
    expect(record).toEqual(expect.arrayContaining(TUTORIAL_RECORD));
    expect(record).toContain('file: data.txt');
  });

  it("imports the changed foo_score with a count of 1, then, with Project, the tutorial's 3", () => {
    const importCell = cells.findIndex((c) => c.some((l) => l.startsWith('study_id: 1'))) + 1;
    expect(cells[importCell]).toEqual(['1']);
    // Project.connect's metadata prints the same 11 lines.
    const projectCell = cells.findIndex((c, i) => i > importCell && c[0] === TUTORIAL_FIELDS[0]);
    expect(cells[projectCell].slice(0, 11)).toEqual(TUTORIAL_FIELDS);
    expect(cells).toContainEqual(['3']);
  });

  it("shows a wrong URL's advice without the token", () => {
    const advice = cells.flat().find((l) => l.includes('it is not a REDCap API URL'))!;
    expect(advice).toContain(server.url.replace(/api\/$/, 'redcap/api/'));
    expect(advice).toContain('followed by /api/');
  });

  it("exports record 1's file, uploads new_data.txt, exports it again, and deletes it", () => {
    expect(from('Just some data, you know.')).toEqual(['Just some data, you know.', 'data.txt']);
    expect(from('Yeah, I decided to change the contents of the file')).toEqual([
      'Yeah, I decided to change the contents of the file',
      'new_data.txt',
    ]);
    expect(cells).toContainEqual(['deleted: There is no file to download for this record']);
  });

  it("leaves the project as it found it, so it can run again: foo_score 100 and the tutorial's file", async () => {
    const project = await Project.connect(server.url, token);
    try {
      const [row] = await project.exportRecords({ records: ['1'], fields: ['study_id', 'first_name', 'foo_score'] });
      expect(row).toMatchObject({ first_name: 'Billy Bob', foo_score: '100' });
      const file = await project.exportFile('1', 'file');
      expect(file.fileName).toBe('data.txt');
      expect(Buffer.from(file.data).toString('utf8')).toBe('Just some data, you know.');
    } finally {
      await project.close();
    }
  });
});
