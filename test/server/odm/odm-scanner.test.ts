import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOdm, readOdmFile } from '../../../src/server/odm/parse-odm.js';
import { parseSubjectXml } from '../../../src/server/odm/subject-xml.js';
import { parseXml } from '../../../src/server/odm/xml-tree.js';

import { FIXTURES, fixtureFile, fixtureNames } from '../../helpers/server.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-odm-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tiny = fixtureFile('simple', 'project.xml');

async function fileOf(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('parseSubjectXml', () => {
  for (const name of fixtureNames()) {
    it(`reads every record of ${name} to the tree the general XML parser makes of it`, () => {
      const subjects =
        fixtureFile(name, 'project.xml').match(/<SubjectData[\s\S]*?<\/SubjectData>|<SubjectData[^>]*\/>/g) ?? [];
      for (const text of subjects) expect(parseSubjectXml(text, 'a record')).toEqual(parseXml(text));
    });
  }
});

describe('readOdmFile', () => {
  for (const name of fixtureNames()) {
    it(`reads ${name} record by record into what parseOdm makes of the whole text`, () => {
      const path = join(FIXTURES, name, 'project.xml');
      const whole = parseOdm(fixtureFile(name, 'project.xml'));
      // Small chunks put chunk ends inside tags, attribute values and multi-byte characters.
      expect(readOdmFile(path, 97)).toEqual(whole);
      expect(readOdmFile(path)).toEqual(whole);
    });
  }

  it('keeps raw line breaks of attribute values, as the whole-text parse does', () => {
    const def = readOdmFile(join(FIXTURES, 'simple', 'project.xml'), 61);
    expect(def.values.some((v) => v.value.includes('\n'))).toBe(true);
  });

  it('reads a file with several ClinicalData elements and comments between records', async () => {
    const at = tiny.indexOf('<SubjectData');
    const second = tiny.indexOf('<SubjectData', at + 1);
    const clinicalTag = tiny.slice(tiny.indexOf('<ClinicalData'), tiny.indexOf('>', tiny.indexOf('<ClinicalData')) + 1);
    const split = `${tiny.slice(0, second)}<!-- between -->\n</ClinicalData>\n${clinicalTag}${tiny.slice(second)}`;
    expect(readOdmFile(await fileOf('split.xml', split), 50)).toEqual(parseOdm(split));
  });

  it('refuses markup that is not well-formed, naming the record', async () => {
    const broken = tiny.replace(/<\/ItemGroupData>/, '</ItemGroup>');
    const key = /<SubjectData[^>]*SubjectKey="([^"]*)"/.exec(tiny)![1];
    const path = await fileOf('broken.xml', broken);
    expect(() => readOdmFile(path)).toThrow(`The record "${key}" is not well-formed XML`);
    const cut = await fileOf('cut.xml', tiny.slice(0, tiny.lastIndexOf('</SubjectData>')));
    expect(() => readOdmFile(cut)).toThrow(/never closed/);
    const trailing = await fileOf('trailing.xml', `${tiny}<extra/>`);
    expect(() => readOdmFile(trailing)).toThrow(/more after <\/ODM>/);
  });

  it('reads a metadata-only file as a whole', async () => {
    const head = tiny.slice(0, tiny.indexOf('<ClinicalData'));
    const path = await fileOf('meta.xml', `${head}</ODM>\n`);
    const def = readOdmFile(path);
    expect(def.values).toEqual([]);
    expect(def.dictionary.length).toBeGreaterThan(0);
  });
});
