import { describe, expect, it } from 'vitest';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import { studyOidName, stripTags, writeOdm } from '../../../src/server/odm/write-odm.js';
import { emptyDefinition, type ProjectDefinition } from '../../../src/server/project-definition.js';
import { dictionaryRow } from '../../../src/schema/types.js';
import { fixtureXml, ODM_FIXTURES } from './fixtures.js';

const parsed = new Map<string, ProjectDefinition>();
function fixture(name: string): ProjectDefinition {
  let def = parsed.get(name);
  if (!def) parsed.set(name, (def = parseOdm(fixtureXml(name))));
  return def;
}
const clone = (def: ProjectDefinition): ProjectDefinition => structuredClone(def);
const AS_OF = new Date('2024-11-03T15:56:00Z');

describe('writeOdm → parseOdm round trip', () => {
  for (const name of ODM_FIXTURES) {
    it(`${name}: reads back the same definition, files included`, () => {
      const def = fixture(name);
      const xml = writeOdm(def, { asOf: AS_OF });
      expect(parseOdm(xml)).toStrictEqual(def);
      // Writing what was read back gives the same text.
      expect(writeOdm(parseOdm(xml), { asOf: AS_OF })).toBe(xml);
    });
  }
});

/**
 * Written with the fixture's own export time, the output is REDCap's file
 * byte for byte (line breaks in values aside, which we write as `&#10;`:
 * raw ones turn into spaces in a conforming XML reader). The exceptions are
 * REDCap's own quirks, which are not worth copying.
 */
const NOT_BYTE_IDENTICAL: Record<string, string> = {
  'file-repo': 'REDCap writes the first survey timestamp ItemDef twice and merges ItemGroupData across groups',
  survey: 'REDCap writes the first survey timestamp ItemDef twice',
  longitudinal: "REDCap merges an ItemGroupData into the previous group when the group's first field is blank",
  russian: 'REDCap writes ItemGroupOID="" for some groups',
};

describe('writeOdm writes what REDCap writes', () => {
  for (const name of ODM_FIXTURES) {
    it(`${name}`, () => {
      const original = fixtureXml(name).replace(/^\uFEFF/, '');
      const asOf = new Date(`${/AsOfDateTime="([^"]+)"/.exec(original)![1]}Z`);
      const written = writeOdm(fixture(name), { asOf, metadataOnly: !original.includes('<ClinicalData') }).replace(
        /&#10;/g,
        '\n',
      );
      // One fixture came from REDCap 15.2.0; we say 14.7.3.
      const expected = original.replace('SourceSystemVersion="15.2.0"', 'SourceSystemVersion="14.7.3"');
      if (name in NOT_BYTE_IDENTICAL) {
        expect(written, NOT_BYTE_IDENTICAL[name]).not.toBe(expected);
        expect(written.split('\n').length).toBeGreaterThan(expected.split('\n').length * 0.98);
      } else {
        expect(written).toBe(expected);
      }
    });
  }
});

describe('writeOdm options', () => {
  it('metadataOnly leaves out ClinicalData and the export pseudo-fields', () => {
    const def = fixture('simple');
    const xml = writeOdm(def, { metadataOnly: true, asOf: AS_OF });
    expect(xml).not.toContain('<ClinicalData');
    expect(xml).not.toContain('redcap_data_access_group');
    const back = parseOdm(xml);
    expect(back.values).toEqual([]);
    expect(back.files).toEqual([]);
    expect(back.recordDags).toEqual([]);
    expect({ ...back, values: def.values, files: def.files, recordDags: def.recordDags }).toStrictEqual(def);
  });

  it('includeFiles: false writes file names instead of contents', () => {
    const def = fixture('simple');
    const xml = writeOdm(def, { includeFiles: false, asOf: AS_OF });
    expect(xml).not.toContain('ItemDataBase64Binary');
    expect(xml).toContain('<ItemData ItemOID="mugshot" Value="mugshot-1.jpg"/>');
    const back = parseOdm(xml);
    expect(back.files).toEqual([]);
    expect(back.values).toStrictEqual(def.values);
  });

  it('description and asOf go into the ODM root', () => {
    const xml = writeOdm(fixture('dag'), {
      description: 'Nightly "copy" & more',
      asOf: new Date('2025-01-02T03:04:05Z'),
    });
    expect(xml).toContain('Description="Nightly &quot;copy&quot; &amp; more"');
    expect(xml).toContain('AsOfDateTime="2025-01-02T03:04:05"');
    expect(xml).toContain('<MetaDataVersion OID="Metadata.REDCapRDag_2025-01-02_0304"');
  });
});

describe('writeOdm details', () => {
  it('names the study as REDCap does', () => {
    expect(studyOidName('REDCapR: arm-multiple-delete')).toBe('REDCapRArmmultipledelete');
    expect(studyOidName('REDCapR: potentially-problematic-dictionary')).toBe('REDCapRPotentiallyproblematicd');
  });

  it('strips tags as PHP does for TranslatedText', () => {
    expect(stripTags('<b>Bold</b> text')).toBe('Bold text');
    expect(stripTags('№28 << 0>> дней')).toBe('№28 > дней');
    expect(stripTags('a < b and c > d')).toBe('a < b and c > d');
    expect(stripTags('<a href="x>y">link</a>')).toBe('link');
  });

  it('keeps original checkbox codes (not the lower-cased column suffix)', () => {
    const def = clone(fixture('simple'));
    const race = def.dictionary.find((r) => r.field_name === 'race')!;
    race.select_choices_or_calculations = '1, One | -99, Unknown | ABC, Letters';
    def.values = def.values.filter((v) => v.field !== 'race');
    def.values.push({ record: '4', event: '', field: 'race', instance: 1, value: '-99' });
    def.values.push({ record: '4', event: '', field: 'race', instance: 1, value: 'ABC' });
    const xml = writeOdm(def, { asOf: AS_OF });
    expect(xml).toContain('<ItemData ItemOID="race____99" Value="1"/>');
    expect(xml).toContain('<ItemData ItemOID="race___abc" Value="1"/>');
    const back = parseOdm(xml);
    expect(back.values.filter((v) => v.field === 'race')).toEqual([
      { record: '4', event: '', field: 'race', instance: 1, value: '-99' },
      { record: '4', event: '', field: 'race', instance: 1, value: 'ABC' },
    ]);
  });

  it('keeps any text in values and labels', () => {
    const def = clone(fixture('dag'));
    const odd = 'tab\there, CR\r\nLF, <tag> & "quotes" \'apostrophe\' ]]> €';
    def.values = def.values.filter((v) => !(v.record === '331-1' && v.field === 'comments'));
    def.values.push({ record: '331-1', event: '', field: 'comments', instance: 1, value: odd });
    def.dictionary[1].field_label = `<span style="color:red">${odd}</span>`;
    def.dictionary[1].branching_logic = "[age] > 3 and [sex] = '1'";
    def.instruments[0].instrument_label = odd;
    const back = parseOdm(writeOdm(def, { asOf: AS_OF }));
    expect(back.values.filter((v) => v.record === '331-1' && v.field === 'comments').map((v) => v.value)).toEqual([
      odd,
    ]);
    expect(back.dictionary[1].field_label).toBe(def.dictionary[1].field_label);
    expect(back.dictionary[1].branching_logic).toBe("[age] > 3 and [sex] = '1'");
    expect(back.instruments[0].instrument_label).toBe(odd);
  });

  it('writes survey identifiers next to the record id', () => {
    const def = clone(fixture('survey'));
    def.surveyIdentifiers = [{ record: '2', event: '', identifier: 'ccc@ddd.com' }];
    const xml = writeOdm(def, { asOf: AS_OF });
    expect(xml).toMatch(
      /<ItemData ItemOID="participant_id" Value="2"\/>\s*<ItemData ItemOID="redcap_survey_identifier" Value="ccc@ddd.com"\/>/,
    );
    expect(parseOdm(xml)).toStrictEqual(def);
  });

  it('reads a value given as element text', () => {
    const xml = fixtureXml('dag').replace(
      '<ItemData ItemOID="first_name" Value="aa"/>',
      '<ItemData ItemOID="first_name">a&amp;a</ItemData>',
    );
    const def = parseOdm(xml);
    expect(def.values.find((v) => v.record === '331-1' && v.field === 'first_name')?.value).toBe('a&a');
  });

  it('writes repeating events with their instances', () => {
    const def = clone(fixture('arm-single-longitudinal'));
    def.repeating = [{ event_name: 'follow_up_arm_1', form_name: '', custom_form_label: '[date]' }];
    def.info.has_repeating_instruments_or_events = 1;
    const field = def.dictionary[1].field_name;
    const record = def.values[0].record;
    def.values.push({ record, event: 'follow_up_arm_1', field, instance: 2, value: 'second visit' });
    def.values.push({ record, event: 'follow_up_arm_1', field, instance: 3, value: 'third visit' });
    const xml = writeOdm(def, { asOf: AS_OF });
    expect(xml).toContain(
      '<redcap:RepeatingEvent redcap:UniqueEventName="follow_up_arm_1" redcap:CustomLabel="[date]"/>',
    );
    expect(xml).toContain('StudyEventOID="Event.follow_up_arm_1" StudyEventRepeatKey="3"');
    const back = parseOdm(xml);
    expect(back.repeating).toEqual(def.repeating);
    expect(
      back.values
        .filter((v) => v.event === 'follow_up_arm_1' && v.field === field && v.instance > 1)
        .map((v) => [v.instance, v.value]),
    ).toEqual([
      [2, 'second visit'],
      [3, 'third visit'],
    ]);
  });

  it('writes a definition built from scratch that REDCap-style readers accept', () => {
    const def = emptyDefinition('New project');
    def.instruments = [{ instrument_name: 'intake', instrument_label: 'Intake' }];
    def.dictionary = [
      dictionaryRow({ field_name: 'record_id', form_name: 'intake', field_type: 'text', field_label: 'Record ID' }),
      dictionaryRow({
        field_name: 'score',
        form_name: 'intake',
        field_type: 'text',
        field_label: 'Score',
        text_validation_type_or_show_slider_number: 'integer',
        text_validation_min: '0',
      }),
      dictionaryRow({
        field_name: 'colour',
        form_name: 'intake',
        field_type: 'dropdown',
        field_label: 'Colour',
        select_choices_or_calculations: '1, Red | 22, Green',
        required_field: 'y',
      }),
    ];
    def.dags = [
      { data_access_group_name: 'New DAG', unique_group_name: 'new_dag' },
      { data_access_group_name: 'Site A', unique_group_name: 'site_a_custom' },
    ];
    def.values = [
      { record: '1', event: '', field: 'record_id', instance: 1, value: '1' },
      { record: '1', event: '', field: 'score', instance: 1, value: '7' },
      { record: '1', event: '', field: 'intake_complete', instance: 1, value: '0' },
    ];
    def.recordDags = [{ record: '1', dag: 'new_dag' }];
    const xml = writeOdm(def, { asOf: AS_OF });
    expect(xml).toContain('<ItemRef ItemOID="colour" Mandatory="Yes" redcap:Variable="colour"/>');
    expect(xml).toContain('<ItemDef OID="colour" Name="colour" DataType="text" Length="2"');
    // A unique DAG name that does not follow from the DAG's name is written out.
    expect(xml).toContain('<redcap:DataAccessGroups group_name="Site A" unique_group_name="site_a_custom"/>');
    expect(xml).toContain('<redcap:DataAccessGroups group_name="New DAG"/>');
    const back = parseOdm(xml);
    expect(back.dictionary).toEqual(def.dictionary);
    expect(back.values).toEqual(def.values);
    expect(back.dags).toEqual(def.dags);
    expect(back.recordDags).toEqual(def.recordDags);
    expect(back.info).toEqual({
      project_title: 'New project',
      is_longitudinal: 0,
      has_repeating_instruments_or_events: 0,
    });
  });

  it('refuses values of fields the dictionary does not have', () => {
    const def = clone(fixture('dag'));
    def.values.push({ record: '331-2', event: '', field: 'ghost', instance: 1, value: 'x' });
    expect(() => writeOdm(def)).toThrow('Record "331-2": field "ghost" is not in the data dictionary');
  });

  it('refuses values in events the project does not have', () => {
    const def = clone(fixture('longitudinal'));
    def.values.push({ record: '100', event: 'nowhere_arm_9', field: 'pmq1', instance: 1, value: '1' });
    expect(() => writeOdm(def)).toThrow('Record "100": event "nowhere_arm_9" is not an event of the project');
  });
});
