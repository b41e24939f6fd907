/**
 * User rights as REDCap's user export names them. Values are integers
 * (0 = no access, 1 = access; some rights have more levels), per-form
 * rights live in `forms` and `forms_export`.
 */
export interface UserRights {
  design: number;
  alerts: number;
  user_rights: number;
  data_access_groups: number;
  reports: number;
  stats_and_charts: number;
  manage_survey_participants: number;
  calendar: number;
  data_import_tool: number;
  data_comparison_tool: number;
  logging: number;
  email_logging: number;
  file_repository: number;
  data_quality_create: number;
  data_quality_execute: number;
  api_export: number;
  api_import: number;
  api_modules: number;
  mobile_app: number;
  mobile_app_download_data: number;
  record_create: number;
  record_rename: number;
  record_delete: number;
  lock_records_customization: number;
  lock_records: number;
  lock_records_all_forms: number;
  random_setup: number;
  random_dashboard: number;
  random_perform: number;
  forms: Record<string, number>;
  forms_export: Record<string, number>;
}

export const RIGHT_NAMES = [
  'design',
  'alerts',
  'user_rights',
  'data_access_groups',
  'reports',
  'stats_and_charts',
  'manage_survey_participants',
  'calendar',
  'data_import_tool',
  'data_comparison_tool',
  'logging',
  'email_logging',
  'file_repository',
  'data_quality_create',
  'data_quality_execute',
  'api_export',
  'api_import',
  'api_modules',
  'mobile_app',
  'mobile_app_download_data',
  'record_create',
  'record_rename',
  'record_delete',
  'lock_records_all_forms',
  'lock_records',
  'lock_records_customization',
  'random_setup',
  'random_dashboard',
  'random_perform',
] as const;

/**
 * The same rights in the order of REDCap's role export, which differs from
 * the user export's in the locking rights (PyCap's doctest of
 * export_user_roles: record_delete, lock_records_customization, lock_records, …).
 */
export const ROLE_RIGHT_NAMES: readonly RightName[] = [
  ...RIGHT_NAMES.filter((r) => !r.startsWith('lock_') && !r.startsWith('random_')),
  'lock_records_customization',
  'lock_records',
  'lock_records_all_forms',
  'random_setup',
  'random_dashboard',
  'random_perform',
];

/** Rights REDCap lists only in projects with randomization enabled. */
export const RANDOMIZATION_RIGHTS: ReadonlySet<string> = new Set([
  'random_setup',
  'random_dashboard',
  'random_perform',
]);

export type RightName = (typeof RIGHT_NAMES)[number];

/**
 * Every right, full data entry and full export on every form: the project
 * creator's rights, less the three a new REDCap project leaves off (PyCap's
 * doctest of export_users reads email_logging, mobile_app_download_data and
 * lock_records_customization as 0 for the creator).
 */
export function fullRights(forms: readonly string[]): UserRights {
  const rights = Object.fromEntries(RIGHT_NAMES.map((r) => [r, 1])) as unknown as UserRights;
  rights.email_logging = 0;
  rights.mobile_app_download_data = 0;
  rights.lock_records_customization = 0;
  rights.forms = Object.fromEntries(forms.map((f) => [f, 1]));
  rights.forms_export = Object.fromEntries(forms.map((f) => [f, 1]));
  return rights;
}

/** Rights from stored JSON, with anything missing set to no access. */
export function readRights(json: string): UserRights {
  const raw = JSON.parse(json) as Partial<UserRights>;
  const rights = Object.fromEntries(RIGHT_NAMES.map((r) => [r, Number(raw[r] ?? 0)])) as unknown as UserRights;
  rights.forms = { ...(raw.forms ?? {}) };
  rights.forms_export = { ...(raw.forms_export ?? {}) };
  return rights;
}
