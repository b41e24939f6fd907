import type {
  Arm,
  DictionaryRow,
  EventDef,
  FormEventMapping,
  Instrument,
  ProjectInfo,
  RepeatingFormEvent,
} from '../schema/types.js';

/**
 * Everything a project is made of, independent of storage: what an ODM
 * file describes, what the store creates a project from, and what the
 * store hands back for a `project_xml` export.
 */
/** The structure of a project, as its API exports it. */
export interface ProjectStructure {
  /** The data dictionary, record id first, without `<form>_complete` pseudo-fields. */
  dictionary: DictionaryRow[];
  /** Instruments in project order with their labels. */
  instruments: Instrument[];
  /** Arms and events; both empty for a classic (non-longitudinal) project. */
  arms: Arm[];
  events: EventDef[];
  /** Form–event designations (longitudinal projects only). */
  mappings: FormEventMapping[];
  /**
   * Repeating instruments (form_name set) and repeating events (form_name
   * blank). Classic projects name REDCap's hidden event `event_1_arm_1`.
   */
  repeating: RepeatingFormEvent[];
}

export interface ProjectDefinition extends ProjectStructure {
  /** Project settings; `project_title` is required, the rest default as REDCap does. */
  info: Partial<ProjectInfo> & { project_title: string };
  dags: DagDefinition[];
  roles: RoleDefinition[];
  users: UserDefinition[];
  surveys: SurveyDefinition[];
  reports: ReportDefinition[];
  /** Record data as EAV rows, in file order. */
  values: RecordValue[];
  /** The DAG of each record that has one. */
  recordDags: { record: string; dag: string }[];
  /** Files stored in file-upload fields. */
  files: StoredFile[];
  /**
   * Project settings that have no `content=project` name, keyed by their
   * ODM element name without the `redcap:` prefix (e.g.
   * `SecondaryUniqueFieldDisplayValue`, `ProtectedEmailMode`,
   * `SurveyAuthEnabled`); values as text. Optional: absent means REDCap's
   * defaults.
   */
  settings?: Record<string, string>;
  /**
   * ODM `GlobalVariables` groups this definition does not model (e-Consent,
   * PDF snapshots, …), kept verbatim so that an ODM round trip keeps them.
   */
  extensions?: OdmElement[];
  /**
   * Survey completion times (`<form>_timestamp`): a `YYYY-MM-DD HH:MM:SS`
   * time, or `[not completed]` for a started response.
   */
  surveyTimestamps?: SurveyTimestamp[];
  /** Survey participant identifiers (`redcap_survey_identifier`). */
  surveyIdentifiers?: { record: string; event: string; identifier: string }[];
}

export interface SurveyTimestamp {
  record: string;
  event: string;
  form: string;
  instance: number;
  timestamp: string;
}

/** A generic XML element: name (with prefix), attributes, child elements, text. */
export interface OdmElement {
  name: string;
  attributes: Record<string, string>;
  children: OdmElement[];
  text: string;
}

/**
 * One stored value. `event` is the unique event name ('' in classic
 * projects); `instance` is 1 for non-repeating data. A checkbox is stored
 * under its base field name, one row per checked option with the option
 * code as value, as REDCap's own EAV table does.
 */
export interface RecordValue {
  record: string;
  event: string;
  field: string;
  instance: number;
  value: string;
}

export interface StoredFile {
  record: string;
  event: string;
  field: string;
  instance: number;
  name: string;
  mimeType: string;
  data: Uint8Array;
}

export interface DagDefinition {
  data_access_group_name: string;
  unique_group_name: string;
}

/** A user role; rights as REDCap's API names them (values as in a JSON export). */
export interface RoleDefinition {
  unique_role_name: string;
  role_label: string;
  rights: Record<string, string | number>;
  /** Data entry rights per form (0 none, 1 view/edit, 2 read only, 3 edit survey responses). */
  forms: Record<string, number>;
  /** Export rights per form (0 none, 1 full, 2 de-identified, 3 remove identifiers). */
  forms_export: Record<string, number>;
}

export interface UserDefinition {
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  expiration: string;
  data_access_group: string;
  role: string;
  rights: Record<string, string | number>;
  forms: Record<string, number>;
  forms_export: Record<string, number>;
}

export interface SurveyDefinition {
  form: string;
  title: string;
  /** The survey's other settings as REDCap's ODM names them (`survey_enabled`, `instructions`, …). */
  settings?: Record<string, string>;
}

export interface ReportDefinition {
  report_id: number;
  title: string;
  fields: string[];
  filterLogic: string;
  /** Sort fields with direction. */
  orderBy: { field: string; descending: boolean }[];
  /** REDCap's `R-…` name of the report. */
  unique_report_name?: string;
  /** The report's other settings as REDCap's ODM names them (`user_access`, `filter_type`, …). */
  settings?: Record<string, string>;
}

/** An empty definition to build on. */
export function emptyDefinition(title: string): ProjectDefinition {
  return {
    info: { project_title: title },
    dictionary: [],
    instruments: [],
    arms: [],
    events: [],
    mappings: [],
    repeating: [],
    dags: [],
    roles: [],
    users: [],
    surveys: [],
    reports: [],
    values: [],
    recordDags: [],
    files: [],
  };
}
