import { uniqueEventName } from '../../schema/unique-event-name.js';
import {
  dictionaryRow,
  type Arm,
  type DictionaryRow,
  type EventDef,
  type FormEventMapping,
  type Instrument,
  type RepeatingFormEvent,
} from '../../schema/types.js';
import type { DagDefinition, ReportDefinition, SurveyDefinition } from '../project-definition.js';

/**
 * The structure of the demo clinical study: a two-arm, longitudinal trial
 * of a blood-pressure drug against placebo, with visits at baseline, week
 * 4, week 12 and a final visit, phone calls between the visits (a
 * repeating event), adverse events (a repeating instrument) and a quality
 * of life questionnaire that participants fill in as a survey.
 */

export const MISSING_DATA_CODES = 'NA, Not applicable | UNK, Unknown';

export const ARMS: readonly Arm[] = [
  { arm_num: 1, name: 'Drug A' },
  { arm_num: 2, name: 'Placebo' },
];

export const DAGS: readonly DagDefinition[] = [
  { data_access_group_name: 'Site A', unique_group_name: 'site_a' },
  { data_access_group_name: 'Site B', unique_group_name: 'site_b' },
  { data_access_group_name: 'Site C', unique_group_name: 'site_c' },
];

export type VisitKey = 'baseline' | 'week4' | 'phone' | 'week12' | 'final';

export interface VisitPlan {
  key: VisitKey;
  label: string;
  /** Days after enrolment, with the window REDCap's scheduler allows. */
  day: number;
  windowBefore: number;
  windowAfter: number;
  forms: readonly string[];
}

/** Every arm has the same visits; the baseline label is long enough to show REDCap's 18-character cut. */
export const VISITS: readonly VisitPlan[] = [
  {
    key: 'baseline',
    label: 'Screening and baseline',
    day: 0,
    windowBefore: 0,
    windowAfter: 0,
    forms: ['enrolment', 'randomisation', 'vitals', 'labs', 'questionnaire'],
  },
  {
    key: 'week4',
    label: 'Week 4',
    day: 28,
    windowBefore: 3,
    windowAfter: 3,
    forms: ['vitals', 'questionnaire', 'adverse_events'],
  },
  { key: 'phone', label: 'Phone follow-up', day: 42, windowBefore: 7, windowAfter: 35, forms: ['phone_call'] },
  {
    key: 'week12',
    label: 'Week 12',
    day: 84,
    windowBefore: 7,
    windowAfter: 7,
    forms: ['vitals', 'labs', 'questionnaire', 'adverse_events'],
  },
  {
    key: 'final',
    label: 'Final visit',
    day: 168,
    windowBefore: 14,
    windowAfter: 14,
    forms: ['vitals', 'labs', 'questionnaire', 'adverse_events', 'completion'],
  },
];

/** Visits whose adverse events repeat, and the visit that repeats as a whole. */
export const AE_VISITS: readonly VisitKey[] = ['week4', 'week12', 'final'];
export const REPEATING_VISIT: VisitKey = 'phone';

export const INSTRUMENTS: readonly Instrument[] = [
  { instrument_name: 'enrolment', instrument_label: 'Enrolment' },
  { instrument_name: 'randomisation', instrument_label: 'Randomisation' },
  { instrument_name: 'vitals', instrument_label: 'Vital signs' },
  { instrument_name: 'labs', instrument_label: 'Laboratory results' },
  { instrument_name: 'questionnaire', instrument_label: 'Quality of life' },
  { instrument_name: 'adverse_events', instrument_label: 'Adverse events' },
  { instrument_name: 'phone_call', instrument_label: 'Phone call' },
  { instrument_name: 'completion', instrument_label: 'Study completion' },
];

export const SURVEYS: readonly SurveyDefinition[] = [
  { form: 'questionnaire', title: 'How are you feeling? Quality of life questionnaire' },
];

/** The unique event names of every visit in every arm, REDCap's rule applied in event order. */
export function eventNames(): Map<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const arm of ARMS) {
    for (const visit of VISITS) {
      const name = uniqueEventName(visit.label, arm.arm_num, taken);
      taken.add(name);
      names.set(eventKey(visit.key, arm.arm_num), name);
    }
  }
  return names;
}

export function eventKey(visit: VisitKey, arm: number): string {
  return `${visit}/${arm}`;
}

export function clinicalEvents(names: ReadonlyMap<string, string>): EventDef[] {
  let id = 0;
  return ARMS.flatMap((arm) =>
    VISITS.map(
      (v): EventDef => ({
        event_name: v.label,
        arm_num: arm.arm_num,
        unique_event_name: names.get(eventKey(v.key, arm.arm_num))!,
        custom_event_label: '',
        event_id: ++id,
        days_offset: v.day,
        offset_min: v.windowBefore,
        offset_max: v.windowAfter,
      }),
    ),
  );
}

export function clinicalMappings(names: ReadonlyMap<string, string>): FormEventMapping[] {
  const formOrder = INSTRUMENTS.map((i) => i.instrument_name);
  return ARMS.flatMap((arm) =>
    VISITS.flatMap((v) =>
      [...v.forms]
        .sort((a, b) => formOrder.indexOf(a) - formOrder.indexOf(b))
        .map(
          (form): FormEventMapping => ({
            arm_num: arm.arm_num,
            unique_event_name: names.get(eventKey(v.key, arm.arm_num))!,
            form,
          }),
        ),
    ),
  );
}

export function clinicalRepeating(names: ReadonlyMap<string, string>): RepeatingFormEvent[] {
  return ARMS.flatMap((arm) => [
    ...AE_VISITS.map(
      (v): RepeatingFormEvent => ({
        event_name: names.get(eventKey(v, arm.arm_num))!,
        form_name: 'adverse_events',
        custom_form_label: '[ae_term] ([ae_onset])',
      }),
    ),
    { event_name: names.get(eventKey(REPEATING_VISIT, arm.arm_num))!, form_name: '', custom_form_label: '' },
  ]);
}

export const REPORTS: readonly ReportDefinition[] = [
  {
    report_id: 101,
    title: 'Blood pressure by visit',
    fields: ['record_id', 'visit_date', 'sbp', 'dbp', 'heart_rate'],
    filterLogic: '',
    orderBy: [],
  },
  {
    report_id: 102,
    title: 'Serious adverse events',
    fields: ['record_id', 'ae_term', 'ae_onset', 'ae_severity', 'ae_related'],
    filterLogic: "[ae_serious] = '1'",
    orderBy: [{ field: 'ae_onset', descending: false }],
  },
];

const QOL_SCALE =
  '1, No problems | 2, Slight problems | 3, Moderate problems | 4, Severe problems | 5, Unable / extreme problems';

export const RACE_CHOICES =
  '1, White | 2, Black or African American | 3, Asian | 4, American Indian or Alaska Native | 5, Native Hawaiian or Other Pacific Islander | OTH, Other | -99, Unknown';

export const CALL_SYMPTOM_CHOICES =
  '0, None | 1, Dizziness | 2, Headache | 3, Swollen ankles | 4, Dry cough | 9, Other';

type Row = Partial<DictionaryRow> & Pick<DictionaryRow, 'field_name' | 'field_type' | 'field_label'>;

function form(name: string, rows: Row[]): DictionaryRow[] {
  return rows.map((r) => dictionaryRow({ ...r, form_name: name }));
}

const v = (type: string, min = '', max = '') => ({
  text_validation_type_or_show_slider_number: type,
  text_validation_min: min,
  text_validation_max: max,
});

export function clinicalDictionary(): DictionaryRow[] {
  return [
    ...form('enrolment', [
      { field_name: 'record_id', field_type: 'text', field_label: 'Participant ID' },
      {
        field_name: 'enrol_date',
        field_type: 'text',
        field_label: 'Date of enrolment',
        ...v('date_ymd', '2024-01-01'),
        required_field: 'y',
        section_header: 'Eligibility and consent',
      },
      {
        field_name: 'consent_datetime',
        field_type: 'text',
        field_label: 'Date and time consent was signed',
        ...v('datetime_ymd'),
        required_field: 'y',
      },
      {
        field_name: 'dob',
        field_type: 'text',
        field_label: 'Date of birth',
        ...v('date_ymd', '1900-01-01', 'today'),
        identifier: 'y',
        section_header: 'Demographics',
      },
      {
        field_name: 'age_enrol',
        field_type: 'calc',
        field_label: 'Age at enrolment (years)',
        select_choices_or_calculations: 'rounddown(datediff([dob],[enrol_date],"y"),0)',
      },
      {
        field_name: 'sex',
        field_type: 'radio',
        field_label: 'Sex',
        select_choices_or_calculations: '1, Female | 2, Male',
      },
      {
        field_name: 'ethnicity',
        field_type: 'dropdown',
        field_label: 'Ethnicity',
        select_choices_or_calculations: '1, Hispanic or Latino | 2, Not Hispanic or Latino | 3, Not reported',
      },
      {
        field_name: 'race',
        field_type: 'checkbox',
        field_label: 'Race (select all that apply)',
        select_choices_or_calculations: RACE_CHOICES,
      },
      {
        field_name: 'race_other',
        field_type: 'text',
        field_label: 'Other race, please specify',
        branching_logic: "[race(OTH)] = '1'",
      },
      {
        field_name: 'education',
        field_type: 'dropdown',
        field_label: 'Highest level of education',
        select_choices_or_calculations:
          '1, Primary school | 2, Secondary school | 3, Vocational training | 4, University degree | 5, Postgraduate degree',
      },
      { field_name: 'smoker', field_type: 'yesno', field_label: 'Current smoker?' },
      {
        field_name: 'email',
        field_type: 'text',
        field_label: 'E-mail address',
        ...v('email'),
        identifier: 'y',
        section_header: 'Contact details',
      },
      {
        field_name: 'phone',
        field_type: 'text',
        field_label: 'Phone number',
        ...v('phone'),
        identifier: 'y',
        field_note: 'Include the area code',
      },
      { field_name: 'medical_history', field_type: 'notes', field_label: 'Relevant medical history' },
    ]),
    ...form('randomisation', [
      {
        field_name: 'rand_datetime',
        field_type: 'text',
        field_label: 'Date and time of randomisation',
        ...v('datetime_seconds_ymd'),
      },
      {
        field_name: 'rand_stratum',
        field_type: 'radio',
        field_label: 'Stratum (screening systolic blood pressure)',
        select_choices_or_calculations: '1, Below 160 mmHg | 2, 160 mmHg or above',
      },
      { field_name: 'rand_by', field_type: 'text', field_label: 'Randomised by (initials)' },
    ]),
    ...form('vitals', [
      { field_name: 'visit_date', field_type: 'text', field_label: 'Visit date', ...v('date_ymd') },
      { field_name: 'visit_time', field_type: 'text', field_label: 'Time of measurement', ...v('time') },
      {
        field_name: 'weight',
        field_type: 'text',
        field_label: 'Weight (kg)',
        ...v('number_1dp', '30', '250'),
        section_header: 'Body measurements',
      },
      { field_name: 'height', field_type: 'text', field_label: 'Height (cm)', ...v('integer', '120', '220') },
      {
        field_name: 'bmi',
        field_type: 'calc',
        field_label: 'Body mass index (kg/m2)',
        select_choices_or_calculations: 'round([weight]/(([height]/100)^2),1)',
      },
      {
        field_name: 'sbp',
        field_type: 'text',
        field_label: 'Systolic blood pressure (mmHg)',
        ...v('integer', '60', '260'),
        section_header: 'Blood pressure and pulse (seated, after 5 minutes rest)',
      },
      {
        field_name: 'dbp',
        field_type: 'text',
        field_label: 'Diastolic blood pressure (mmHg)',
        ...v('integer', '30', '160'),
      },
      {
        field_name: 'heart_rate',
        field_type: 'text',
        field_label: 'Heart rate (beats per minute)',
        ...v('integer', '30', '200'),
      },
      {
        field_name: 'temperature',
        field_type: 'text',
        field_label: 'Body temperature (°C)',
        ...v('number_1dp_comma_decimal'),
        field_note: 'Decimal comma, e.g. 36,8',
      },
    ]),
    ...form('labs', [
      { field_name: 'lab_date', field_type: 'text', field_label: 'Date the sample was taken', ...v('date_ymd') },
      {
        field_name: 'sample_time',
        field_type: 'text',
        field_label: 'Time the sample was taken',
        ...v('time_hh_mm_ss'),
      },
      { field_name: 'fasting', field_type: 'yesno', field_label: 'Fasting sample?' },
      { field_name: 'hba1c', field_type: 'text', field_label: 'HbA1c (%)', ...v('number_1dp', '3.0', '20.0') },
      {
        field_name: 'glucose',
        field_type: 'text',
        field_label: 'Fasting glucose (mmol/L)',
        ...v('number_1dp'),
        branching_logic: "[fasting] = '1'",
      },
      { field_name: 'ldl', field_type: 'text', field_label: 'LDL cholesterol (mmol/L)', ...v('number_2dp') },
      {
        field_name: 'creatinine',
        field_type: 'text',
        field_label: 'Creatinine (µmol/L)',
        ...v('integer', '20', '1500'),
      },
      {
        field_name: 'potassium',
        field_type: 'text',
        field_label: 'Potassium (mmol/L)',
        ...v('number_1dp', '2.0', '8.0'),
      },
      { field_name: 'crp', field_type: 'text', field_label: 'C-reactive protein (mg/L)', ...v('number') },
    ]),
    ...form('questionnaire', [
      {
        field_name: 'qol_mobility',
        field_type: 'radio',
        field_label: 'Mobility: walking about',
        select_choices_or_calculations: QOL_SCALE,
        matrix_group_name: 'qol',
      },
      {
        field_name: 'qol_selfcare',
        field_type: 'radio',
        field_label: 'Self-care: washing or dressing',
        select_choices_or_calculations: QOL_SCALE,
        matrix_group_name: 'qol',
      },
      {
        field_name: 'qol_activities',
        field_type: 'radio',
        field_label: 'Usual activities',
        select_choices_or_calculations: QOL_SCALE,
        matrix_group_name: 'qol',
      },
      {
        field_name: 'qol_pain',
        field_type: 'radio',
        field_label: 'Pain or discomfort',
        select_choices_or_calculations: QOL_SCALE,
        matrix_group_name: 'qol',
      },
      {
        field_name: 'qol_anxiety',
        field_type: 'radio',
        field_label: 'Anxiety or depression',
        select_choices_or_calculations: QOL_SCALE,
        matrix_group_name: 'qol',
      },
      {
        field_name: 'qol_vas',
        field_type: 'slider',
        field_label: 'How good is your health today?',
        select_choices_or_calculations: 'Worst imaginable | | Best imaginable',
        text_validation_type_or_show_slider_number: 'number',
      },
      { field_name: 'qol_comments', field_type: 'notes', field_label: 'Anything else you would like to tell us?' },
    ]),
    ...form('adverse_events', [
      { field_name: 'ae_term', field_type: 'text', field_label: 'Adverse event (term)' },
      { field_name: 'ae_onset', field_type: 'text', field_label: 'Date of onset', ...v('date_ymd') },
      {
        field_name: 'ae_severity',
        field_type: 'radio',
        field_label: 'Severity',
        select_choices_or_calculations: '1, Mild | 2, Moderate | 3, Severe',
      },
      { field_name: 'ae_serious', field_type: 'yesno', field_label: 'Serious adverse event?' },
      {
        field_name: 'ae_related',
        field_type: 'dropdown',
        field_label: 'Relationship to study drug',
        select_choices_or_calculations: '0, Not related | 1, Unlikely | 2, Possible | 3, Probable | 4, Definite',
      },
      { field_name: 'ae_ongoing', field_type: 'yesno', field_label: 'Ongoing at this visit?' },
      {
        field_name: 'ae_resolved',
        field_type: 'text',
        field_label: 'Date resolved',
        ...v('date_ymd'),
        branching_logic: "[ae_ongoing] = '0'",
      },
      { field_name: 'ae_notes', field_type: 'notes', field_label: 'Notes' },
    ]),
    ...form('phone_call', [
      { field_name: 'call_date', field_type: 'text', field_label: 'Date of call', ...v('date_ymd') },
      {
        field_name: 'call_duration',
        field_type: 'text',
        field_label: 'Duration of the call (mm:ss)',
        ...v('time_mm_ss'),
      },
      {
        field_name: 'call_outcome',
        field_type: 'radio',
        field_label: 'Outcome',
        select_choices_or_calculations: '1, Spoke with participant | 2, Left a voicemail | 3, No answer',
      },
      {
        field_name: 'call_symptoms',
        field_type: 'checkbox',
        field_label: 'Symptoms since the last contact',
        select_choices_or_calculations: CALL_SYMPTOM_CHOICES,
        branching_logic: "[call_outcome] = '1'",
      },
      {
        field_name: 'call_adherence',
        field_type: 'dropdown',
        field_label: 'Study drug taken',
        select_choices_or_calculations: '1, Every dose | 2, Missed 1 to 3 doses | 3, Missed more than 3 doses',
        branching_logic: "[call_outcome] = '1'",
      },
      { field_name: 'call_notes', field_type: 'notes', field_label: 'Notes' },
    ]),
    ...form('completion', [
      {
        field_name: 'comp_date',
        field_type: 'text',
        field_label: 'Date of the end-of-study assessment',
        ...v('date_ymd'),
      },
      { field_name: 'comp_completed', field_type: 'yesno', field_label: 'Did the participant complete the study?' },
      {
        field_name: 'comp_reason',
        field_type: 'dropdown',
        field_label: 'Main reason for stopping early',
        select_choices_or_calculations:
          '1, Adverse event | 2, Withdrew consent | 3, Lost to follow-up | 4, Moved away | 99, Other',
        branching_logic: "[comp_completed] = '0'",
      },
      {
        field_name: 'comp_last_dose',
        field_type: 'text',
        field_label: 'Date of the last dose of study drug',
        ...v('date_ymd'),
      },
      { field_name: 'comp_notes', field_type: 'notes', field_label: 'Comments' },
    ]),
  ];
}
