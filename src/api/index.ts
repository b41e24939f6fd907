/**
 * The REDCap API client: `Project`, its errors and guards, and the types
 * of its options and results.
 */
export { Project } from './project.js';
export type { ProjectOptions } from './options.js';
export { DEFAULTS as PROJECT_DEFAULTS } from './options.js';
export { normaliseApiUrl, checkToken, type TokenKind } from './endpoint.js';
export { exponentialBackoff, isTransient, RETRY_STATUSES, type Backoff, type BackoffSettings } from './retry.js';
export {
  RedcapError,
  RedcapApiError,
  RedcapHttpError,
  RedcapUrlError,
  RedcapNetworkError,
  RedcapTimeoutError,
  RedcapUsageError,
  RedcapBatchError,
  isRedcapError,
  isRedcapApiError,
  isRedcapHttpError,
  isRedcapUrlError,
  isRedcapNetworkError,
  isRedcapTimeoutError,
  isRedcapUsageError,
  isRedcapBatchError,
  type RedcapErrorKind,
  type RequestContext,
  type ImportValueError,
  type BatchOutcome,
} from './errors.js';
export type { Params, ParamValue } from './params.js';
export type {
  Format,
  Formatted,
  FormatOption,
  CsvDelimiter,
  RecordId,
  RawOrLabel,
  ImportData,
  ImportFormatOption,
  ProgressEvent,
  ProgressListener,
  BatchOptions,
} from './types/common.js';
export type {
  RecordRow,
  ImportRow,
  ReturnContent,
  AutoId,
  ImportRecordsResult,
  RandomizationResult,
} from './types/records.js';
export type { FileDownload, FileUpload, FileRepositoryItem } from './types/files.js';
export type { UserRights, UserRole, UserRoleMapping, DataAccessGroup, UserDagMapping } from './types/users.js';
export type { LogEntry, LogType } from './types/logging.js';
export type { SurveyParticipant } from './types/surveys.js';
export type { NewProjectData, ProjectSettings } from './types/project.js';
export type {
  ExportRecordsOptions,
  ImportRecordsOptions,
  DeleteRecordsOptions,
  RandomizeOptions,
} from './methods/records.js';
export type {
  ExportMetadataOptions,
  ExportFieldNamesOptions,
  ExportPdfOptions,
  ExportMappingsOptions,
} from './methods/metadata.js';
export type { ArmsFilter, OverrideOption, EventImport } from './methods/arms-events.js';
export type { FileFieldOptions } from './methods/files.js';
export type { CreateFolderOptions, ListFolderOptions } from './methods/file-repository.js';
export type { ExportLoggingOptions } from './methods/logging.js';
export type { ExportReportOptions } from './methods/reports.js';
export type { SurveyTarget } from './methods/surveys.js';
export type { ExportProjectXmlOptions, CreateProjectInput } from './methods/project.js';
export type {
  Arm,
  DictionaryRow,
  EventDef,
  ExportFieldName,
  FormEventMapping,
  Instrument,
  ProjectInfo,
  RepeatingFormEvent,
} from '../schema/types.js';
export {
  Credential,
  tokenFromEnv,
  tokenFromFile,
  credentialFromCsv,
  TOKEN_ENV,
  URL_ENV,
  CREDENTIAL_COLUMNS,
} from './credentials.js';
