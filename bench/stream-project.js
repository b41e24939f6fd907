// A lean, large project for the scale benchmark: a classic project with
// 16 fields of the usual kinds (text, integer, decimal, dates, datetime,
// radio, dropdown, yes/no, checkbox, notes), seeded straight into the
// server's store through its record writer, so a million records fit in a
// minute and a few GB (the demo generator models far more and holds it all).
import { projectState } from '../dist/server/store/project-state.js';
import { RecordWriter } from '../dist/server/store/record-writer.js';
import { loadProjectDefinition, seededRandom } from './load-driver.js';

const FIELDS = [
  ['site', 'dropdown', '1, North | 2, South | 3, East | 4, West', ''],
  ['enrolled', 'text', '', 'date_ymd'],
  ['visit_at', 'text', '', 'datetime_ymd'],
  ['age', 'text', '', 'integer'],
  ['weight', 'text', '', 'number'],
  ['height', 'text', '', 'number'],
  ['sex', 'radio', '1, Female | 2, Male | 3, Other', ''],
  ['smoker', 'yesno', '', ''],
  ['symptoms', 'checkbox', '1, Cough | 2, Fever | 3, Fatigue | 4, Headache', ''],
  ['sbp', 'text', '', 'integer'],
  ['dbp', 'text', '', 'integer'],
  ['hba1c', 'text', '', 'number'],
  ['initials', 'text', '', ''],
  ['notes', 'notes', '', ''],
];

export function scaleDefinition() {
  const def = loadProjectDefinition('scale benchmark');
  const base = def.dictionary[0];
  def.dictionary = [
    { ...base, field_name: 'record_id', field_label: 'Record' },
    ...FIELDS.map(([name, type, choices, validation]) => ({
      ...base,
      field_name: name,
      field_type: type,
      field_label: name,
      select_choices_or_calculations: choices,
      text_validation_type_or_show_slider_number: validation,
    })),
  ];
  def.values = [{ record: '1', event: '', field: 'age', instance: 1, value: '40' }];
  return def;
}

const pad = (n) => String(n).padStart(2, '0');

/** The values of record `i` (0-based), deterministic. */
export function scaleValues(i, random) {
  const day = 1 + Math.floor(random() * 28);
  const month = 1 + Math.floor(random() * 12);
  const v = {
    site: String(1 + (i % 4)),
    enrolled: `2023-${pad(month)}-${pad(day)}`,
    visit_at: `2024-${pad(month)}-${pad(day)} ${pad(Math.floor(random() * 24))}:${pad(Math.floor(random() * 60))}`,
    age: String(18 + Math.floor(random() * 70)),
    weight: (45 + random() * 60).toFixed(1),
    height: (150 + random() * 45).toFixed(1),
    sex: String(1 + Math.floor(random() * 3)),
    smoker: random() < 0.2 ? '1' : '0',
    sbp: String(100 + Math.floor(random() * 70)),
    dbp: String(60 + Math.floor(random() * 40)),
    initials: String.fromCharCode(65 + Math.floor(random() * 26), 65 + Math.floor(random() * 26)),
  };
  if (random() < 0.7) v.hba1c = (4.5 + random() * 5).toFixed(1);
  if (random() < 0.1) v.notes = `Follow-up note for record ${i + 1}, "quoted", with a comma`;
  const symptoms = ['1', '2', '3', '4'].filter(() => random() < 0.25);
  return { v, symptoms };
}

/** Creates the project and writes `records` records through the store's record writer. */
export function seedScaleProject(server, records) {
  const held = server.addProject(scaleDefinition());
  const db = server.db;
  const { defaultEventId: eventId } = projectState(db, held.projectId);
  const random = seededRandom(42);
  const chunk = db.transaction((from, to) => {
    const writer = new RecordWriter(db, held.projectId);
    for (let i = from; i < to; i++) {
      const record = String(i + 1);
      const cell = (field) => ({ record, eventId, instance: 1, field });
      writer.ensureRecord(record, 1, null);
      const { v, symptoms } = scaleValues(i, random);
      // Record 1 came with the definition (its age): its values are replaced.
      for (const [field, value] of [['record_id', record], ...Object.entries(v), ['main_complete', '2']])
        writer.setValue(cell(field), value);
      for (const code of symptoms) writer.setCheckbox(cell('symptoms'), code, true);
    }
    writer.flush();
  });
  for (let i = 0; i < records; i += 50_000) chunk(i, Math.min(records, i + 50_000));
  return held;
}
