/**
 * Users, user roles and data access groups, keyed as REDCap's JSON is.
 */

/**
 * A user's rights (`content=user`). In JSON rights are integers (0 none,
 * 1 full; some rights use 2 for read-only or "de-identified");
 * `forms`/`forms_export` map instrument names to a right. REDCap versions
 * add rights over time, so other keys pass through as they come.
 */
export interface UserRights {
  username: string;
  email?: string;
  firstname?: string;
  lastname?: string;
  /** `YYYY-MM-DD` or empty. */
  expiration?: string;
  data_access_group?: string;
  data_access_group_id?: string | number;
  design?: number;
  user_rights?: number;
  data_access_groups?: number;
  reports?: number;
  stats_and_charts?: number;
  manage_survey_participants?: number;
  calendar?: number;
  data_import_tool?: number;
  data_comparison_tool?: number;
  logging?: number;
  file_repository?: number;
  data_quality_create?: number;
  data_quality_execute?: number;
  api_export?: number;
  api_import?: number;
  mobile_app?: number;
  mobile_app_download_data?: number;
  record_create?: number;
  record_rename?: number;
  record_delete?: number;
  lock_records?: number;
  lock_records_all_forms?: number;
  lock_records_customization?: number;
  forms?: Record<string, number>;
  forms_export?: Record<string, number>;
  [right: string]: unknown;
}

/** A user role (`content=userRole`); JSON role rights are strings. */
export interface UserRole {
  /** Like `U-573AEYRNR8`; leave empty to create a role. */
  unique_role_name: string;
  role_label: string;
  [right: string]: unknown;
}

export interface UserRoleMapping {
  username: string;
  /** Empty to take the user out of any role. */
  unique_role_name: string;
}

export interface DataAccessGroup {
  data_access_group_name: string;
  /** Derived by REDCap from the name ("New DAG" → `new_dag`); empty to create one. */
  unique_group_name: string;
  data_access_group_id?: number;
}

export interface UserDagMapping {
  username: string;
  /** The unique group name; empty for no group. */
  redcap_data_access_group: string;
}
