/**
 * How REDCap's ODM extensions name things, next to the names its API uses.
 * Facts read off real REDCap 14 exports (test/fixtures/redcapr).
 */
import type { DictionaryRow, ProjectInfo } from '../../schema/types.js';

/** `GlobalVariables` children in REDCap's order; `info` names the project-info key they fill. */
export const GLOBAL_SETTINGS: readonly { element: string; info?: keyof ProjectInfo; numeric?: boolean }[] = [
  { element: 'redcap:RecordAutonumberingEnabled', info: 'record_autonumbering_enabled', numeric: true },
  { element: 'redcap:CustomRecordLabel', info: 'custom_record_label' },
  { element: 'redcap:SecondaryUniqueField', info: 'secondary_unique_field' },
  { element: 'redcap:SecondaryUniqueFieldDisplayValue' },
  { element: 'redcap:SecondaryUniqueFieldDisplayLabel' },
  { element: 'redcap:SchedulingEnabled', info: 'scheduling_enabled', numeric: true },
  { element: 'redcap:SurveysEnabled', info: 'surveys_enabled', numeric: true },
  { element: 'redcap:SurveyInvitationEmailField' },
  { element: 'redcap:RandomizationEnabled', info: 'randomization_enabled', numeric: true },
  { element: 'redcap:DisplayTodayNowButton', info: 'display_today_now_button', numeric: true },
  { element: 'redcap:PreventBranchingEraseValues' },
  { element: 'redcap:RequireChangeReason' },
  { element: 'redcap:DataHistoryPopup' },
  { element: 'redcap:OrderRecordsByField' },
  { element: 'redcap:taskCompleteStatus' },
  { element: 'redcap:MyCapEnabled' },
  { element: 'redcap:Purpose', info: 'purpose', numeric: true },
  { element: 'redcap:PurposeOther', info: 'purpose_other' },
  { element: 'redcap:ProjectNotes', info: 'project_notes' },
  // Written by REDCap only when surveys are enabled.
  { element: 'redcap:SurveyAuthEnabled' },
  { element: 'redcap:SurveyAuthField1' },
  { element: 'redcap:SurveyAuthEvent1' },
  { element: 'redcap:SurveyAuthField2' },
  { element: 'redcap:SurveyAuthEvent2' },
  { element: 'redcap:SurveyAuthField3' },
  { element: 'redcap:SurveyAuthEvent3' },
  { element: 'redcap:SurveyAuthMinFields' },
  { element: 'redcap:SurveyAuthApplyAllSurveys' },
  { element: 'redcap:SurveyAuthCustomMessage' },
  { element: 'redcap:SurveyAuthFailLimit' },
  { element: 'redcap:SurveyAuthFailWindow' },
  { element: 'redcap:MissingDataCodes', info: 'missing_data_codes' },
  { element: 'redcap:ProtectedEmailMode' },
  { element: 'redcap:ProtectedEmailModeCustomText' },
  { element: 'redcap:ProtectedEmailModeTrigger' },
  { element: 'redcap:ProtectedEmailModeLogo' },
];

/** `GlobalVariables` children derived from the title, not stored. */
export const DERIVED_GLOBALS: ReadonlySet<string> = new Set(['StudyName', 'StudyDescription', 'ProtocolName']);

/** Groups the definition models itself. */
export const MODELLED_GROUPS: ReadonlySet<string> = new Set([
  'redcap:DataAccessGroupsGroup',
  'redcap:UserRolesGroup',
  'redcap:ReportsGroup',
  'redcap:SurveysGroup',
  'redcap:RepeatingInstrumentsAndEvents',
]);

/**
 * `redcap:UserRoles` attributes (REDCap's database column names) in
 * REDCap's order, with the name the API's user-role export uses. The two
 * per-form rights become `forms` / `forms_export`.
 */
export const ROLE_RIGHTS: readonly (readonly [odm: string, api: string])[] = [
  ['lock_record', 'lock_records'],
  ['lock_record_multiform', 'lock_records_all_forms'],
  ['lock_record_customize', 'lock_records_customization'],
  ['data_export_tool', 'data_export'],
  ['data_export_instruments', 'forms_export'],
  ['data_import_tool', 'data_import_tool'],
  ['data_comparison_tool', 'data_comparison_tool'],
  ['data_logging', 'logging'],
  ['email_logging', 'email_logging'],
  ['file_repository', 'file_repository'],
  ['double_data', 'double_data'],
  ['user_rights', 'user_rights'],
  ['data_access_groups', 'data_access_groups'],
  ['graphical', 'stats_and_charts'],
  ['reports', 'reports'],
  ['design', 'design'],
  ['alerts', 'alerts'],
  ['calendar', 'calendar'],
  ['data_entry', 'forms'],
  ['api_export', 'api_export'],
  ['api_import', 'api_import'],
  ['api_modules', 'api_modules'],
  ['mobile_app', 'mobile_app'],
  ['mobile_app_download_data', 'mobile_app_download_data'],
  ['record_create', 'record_create'],
  ['record_rename', 'record_rename'],
  ['record_delete', 'record_delete'],
  ['dts', 'dts'],
  ['participants', 'manage_survey_participants'],
  ['data_quality_design', 'data_quality_create'],
  ['data_quality_execute', 'data_quality_execute'],
  ['data_quality_resolution', 'data_quality_resolution'],
  ['random_setup', 'random_setup'],
  ['random_dashboard', 'random_dashboard'],
  ['random_perform', 'random_perform'],
  ['realtime_webservice_mapping', 'realtime_webservice_mapping'],
  ['realtime_webservice_adjudicate', 'realtime_webservice_adjudicate'],
  ['external_module_config', 'external_module_config'],
  ['mycap_participants', 'mycap_participants'],
];

export const ROLE_API_NAME: ReadonlyMap<string, string> = new Map(ROLE_RIGHTS);
export const ROLE_ODM_NAME: ReadonlyMap<string, string> = new Map(ROLE_RIGHTS.map(([o, a]) => [a, o]));

/** `redcap:FieldType` → dictionary field type (the rest are spelled alike). */
export const FIELD_TYPE_FROM_ODM: Readonly<Record<string, string>> = { textarea: 'notes', select: 'dropdown' };
export const FIELD_TYPE_TO_ODM: Readonly<Record<string, string>> = { notes: 'textarea', dropdown: 'select' };

/** `redcap:TextValidationType` → dictionary validation (REDCap stores the old names). */
export const VALIDATION_FROM_ODM: Readonly<Record<string, string>> = { int: 'integer', float: 'number' };
export const VALIDATION_TO_ODM: Readonly<Record<string, string>> = { integer: 'int', number: 'float' };

/**
 * ItemDef attributes that carry a dictionary column unchanged, in the order
 * REDCap writes them (after `redcap:FieldType`, `redcap:TextValidationType`
 * and the slider labels / calculation, which need translating).
 * `redcap:QuestionNumber` and `redcap:MatrixRanking` were not seen in the
 * fixtures; those names follow REDCap's pattern.
 */
export const ITEM_PLAIN_ATTRIBUTES: readonly (readonly [attr: string, column: keyof DictionaryRow])[] = [
  ['redcap:FieldNote', 'field_note'],
  ['redcap:SectionHeader', 'section_header'],
  ['redcap:BranchingLogic', 'branching_logic'],
  ['redcap:Identifier', 'identifier'],
  ['redcap:RequiredField', 'required_field'],
  ['redcap:CustomAlignment', 'custom_alignment'],
  ['redcap:QuestionNumber', 'question_number'],
  ['redcap:MatrixGroupName', 'matrix_group_name'],
  ['redcap:MatrixRanking', 'matrix_ranking'],
  ['redcap:FieldAnnotation', 'field_annotation'],
];

/** ODM `DataType` REDCap gives a text field with that (dictionary) validation. */
export function textDataType(validation: string): string {
  if (validation === 'integer') return 'integer';
  if (validation === 'number' || /^number_\ddp$/.test(validation)) return 'float';
  if (validation.startsWith('date_')) return 'date';
  if (validation.startsWith('datetime_seconds_')) return 'datetime';
  if (validation.startsWith('datetime_')) return 'partialDatetime';
  if (validation === 'time') return 'partialTime';
  return 'text';
}

/** A report's sort: up to three fields, each with its direction (attributes of `<redcap:Reports>`). */
export const REPORT_ORDER_BY: readonly string[] = [1, 2, 3].flatMap((k) => [`orderby_field${k}`, `orderby_sort${k}`]);
