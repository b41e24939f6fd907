/** Small typed frames for the notebook tests, read with the real frames code. */
import { readRecords, type TypedFrame } from '../../src/frames/typed-frame.js';
import { buildSchema, type Schema } from '../../src/schema/schema.js';
import { dictionaryRow } from '../../src/schema/types.js';
import { clinicalStudyProject } from '../../src/server/demo/clinical-study.js';

/** A classic project whose labels hold HTML, with a checkbox, a date, numbers and missing codes. */
export function htmlLabelSchema(): Schema {
  return buildSchema({
    dictionary: [
      dictionaryRow({ field_name: 'record_id', form_name: 'visit', field_type: 'text', field_label: 'Record ID' }),
      dictionaryRow({
        field_name: 'weight',
        form_name: 'visit',
        field_type: 'text',
        field_label: 'Weight <b>(kg)</b>',
        text_validation_type_or_show_slider_number: 'number',
        text_validation_min: '20',
        text_validation_max: '300',
      }),
      dictionaryRow({
        field_name: 'seen',
        form_name: 'visit',
        field_type: 'text',
        field_label: 'Seen on',
        text_validation_type_or_show_slider_number: 'date_ymd',
      }),
      dictionaryRow({
        field_name: 'colour',
        form_name: 'visit',
        field_type: 'radio',
        field_label: 'Favourite colour',
        select_choices_or_calculations: '1, Red | 2, Green & blue | 3, <i>Other</i>',
      }),
      dictionaryRow({
        field_name: 'pets',
        form_name: 'visit',
        field_type: 'checkbox',
        field_label: 'Pets',
        select_choices_or_calculations: 'c, Cat | d, Dog',
      }),
      dictionaryRow({
        field_name: 'notes',
        form_name: 'visit',
        field_type: 'notes',
        field_label: 'Notes',
        field_note: 'Free <text>',
      }),
    ],
    info: { missing_data_codes: 'UNK, Unknown' },
  });
}

export const HTML_LABEL_CSV = [
  'record_id,weight,seen,colour,pets___c,pets___d,notes,visit_complete',
  '1,70.5,2024-01-02,1,1,0,"<script>alert(1)</script>",2',
  '2,,2024-02-10,2,0,1,,1',
  '3,UNK,,3,1,1,"two\nlines",0',
  '4,heavy,2024-03-01,,0,0,,2',
  '5,82,2024-03-05,1,0,0,plain,2',
].join('\n');

export function htmlLabelFrame(options: Parameters<typeof readRecords>[2] = {}): TypedFrame {
  return readRecords(HTML_LABEL_CSV, htmlLabelSchema(), options);
}

/** The demo clinical study's schema, from its project definition. */
export function clinicalSchema(): Schema {
  const def = clinicalStudyProject({ records: 5 });
  return buildSchema({
    dictionary: def.dictionary,
    instruments: def.instruments,
    arms: def.arms,
    events: def.events,
    mappings: def.mappings,
    repeating: def.repeating,
    info: def.info,
    surveyForms: def.surveys.map((s) => s.form),
  });
}

/** A small clinical study on an embedded server, with its typed export and raw rows. */
export async function clinicalFrame(
  records = 12,
): Promise<{ frame: TypedFrame; rows: Record<string, string>[]; close: () => Promise<void> }> {
  const { RedcapServer } = await import('../../src/server/redcap-server.js');
  const { Project } = await import('../../src/api/project.js');
  const server = await RedcapServer.start({ db: ':memory:', port: 0 });
  const held = server.addProject(clinicalStudyProject({ records }), 'test:clinical');
  const project = new Project(server.url, held.token);
  const csv = await project.exportRecords({
    format: 'csv',
    exportDataAccessGroups: true,
    exportBlankForGrayFormStatus: true,
  });
  const rows = await project.exportRecords({ exportDataAccessGroups: true, exportBlankForGrayFormStatus: true });
  const frame = readRecords(csv, clinicalSchema(), { eventLabels: true });
  return {
    frame,
    rows: rows as Record<string, string>[],
    close: async () => {
      await project.close();
      await server.close();
    },
  };
}
