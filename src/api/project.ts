/**
 * `Project`: one REDCap project reached with one API token, with a typed
 * method per API method. What the methods do lives in `methods/`, one
 * file per area; this class holds the connection and the settings.
 */
import { inspect } from 'node:util';
import type { ApiContext } from './context.js';
import { checkToken, normaliseApiUrl } from './endpoint.js';
import { RedcapHttpError } from './errors.js';
import { StructureCache } from './project-structure.js';
import { loadSchema } from '../schema/load-schema.js';
import type { Schema } from '../schema/schema.js';
import { resolveOptions, type ProjectOptions } from './options.js';
import type { Params } from './params.js';
import { readJsonArray } from './response.js';
import { Transport } from './transport.js';
import type { Format, FormatOption, Formatted, ImportData, ImportFormatOption, RecordId } from './types/common.js';
import type { FileDownload, FileRepositoryItem, FileUpload } from './types/files.js';
import type { LogEntry } from './types/logging.js';
import type { ProjectSettings } from './types/project.js';
import type { ImportRecordsResult, ImportRow, RandomizationResult, RecordRow, ReturnContent } from './types/records.js';
import type { SurveyParticipant } from './types/surveys.js';
import type { DataAccessGroup, UserDagMapping, UserRights, UserRole, UserRoleMapping } from './types/users.js';
import type {
  Arm,
  DictionaryRow,
  EventDef,
  ExportFieldName,
  FormEventMapping,
  Instrument,
  ProjectInfo,
  RepeatingFormEvent,
} from '../schema/types.js';
import * as armsEvents from './methods/arms-events.js';
import * as dags from './methods/dags.js';
import * as fileRepository from './methods/file-repository.js';
import * as files from './methods/files.js';
import * as logging from './methods/logging.js';
import * as metadata from './methods/metadata.js';
import * as project from './methods/project.js';
import * as records from './methods/records.js';
import * as repeating from './methods/repeating.js';
import * as reports from './methods/reports.js';
import * as surveys from './methods/surveys.js';
import * as users from './methods/users.js';

/**
 * A REDCap project, reached through its API with a project token.
 *
 * ```ts
 * const project = await Project.connect('https://redcap.example.org/api/', process.env.REDCAP_API_TOKEN!);
 * console.log(project.fieldNames, project.recordIdField);
 * const rows = await project.exportRecords({ fields: ['record_id', 'age'] });
 * ```
 *
 * `Project.connect` reads the project's structure at once, so a wrong URL
 * or token fails right there; `new Project(url, token)` sends nothing
 * until the first call, and reads the structure when a typed export or
 * import first needs it.
 *
 * The token stays inside: it is not a property, and no error, log line,
 * `JSON.stringify(project)` or notebook display shows it.
 */
export class Project {
  /** The API URL every call goes to (`…/api/`). */
  readonly url: string;
  /** Records per request in batched record exports and imports (`false`: one request); write-back uses it too. */
  readonly batchSize: number | false;
  readonly #transport: Transport;
  readonly #ctx: ApiContext;
  readonly #structure: StructureCache;
  #recordIdField?: Promise<string>;

  /**
   * @param url The REDCap server (`https://host/redcap`) or its API URL (`…/api/`).
   * @param token The project's API token (32 hexadecimal characters).
   */
  constructor(url: string, token: string, options: ProjectOptions = {}) {
    const resolved = resolveOptions(options);
    this.url = normaliseApiUrl(url);
    this.batchSize = resolved.batchSize;
    const checked = resolved.checkToken ? checkToken(token, 'project') : String(token ?? '').trim();
    this.#transport = new Transport({
      url: this.url,
      token: checked,
      timeoutMs: resolved.timeoutMs,
      retry: resolved.retry,
      dispatcher: resolved.dispatcher,
    });
    this.#ctx = {
      transport: this.#transport,
      batchSize: resolved.batchSize,
      concurrency: resolved.concurrency,
      onProgress: resolved.onProgress,
      recordIdField: () => this.loadRecordIdField(),
      forgetStructure: () => {
        this.#recordIdField = undefined;
        this.#structure.forget();
      },
    };
    this.#structure = new StructureCache(
      () => this.#readStructure(),
      () => this.toString(),
    );
  }

  /**
   * Connects to a project and reads its structure (data dictionary first,
   * then instruments, project info, events and arms), as PyCap's
   * `Project(url, token)` does: a wrong URL or token fails here with a
   * `RedcapError` (`RedcapUrlError`, `RedcapApiError`, `RedcapNetworkError`…),
   * and the project's `metadata`, `fieldNames`, `forms`, `schema`… are
   * there without further calls.
   */
  static async connect(url: string, token: string, options: ProjectOptions = {}): Promise<Project> {
    const project = new Project(url, token, options);
    try {
      await project.refresh();
    } catch (error) {
      await project.close();
      throw error;
    }
    return project;
  }

  async #readStructure(): Promise<Schema> {
    // The dictionary alone first: if URL or token is wrong, one call says so.
    const dictionary = await this.exportMetadata();
    return loadSchema(this, { dictionary });
  }

  /** Drops the kept structure after a call that changes it, whether the call landed or not. */
  async #changesStructure<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } finally {
      this.#ctx.forgetStructure();
    }
  }

  /** Reads the project's structure again (after it changed elsewhere); answers the new schema. */
  refresh(): Promise<Schema> {
    return this.#structure.refresh();
  }

  /** The project's schema: the one read before, or read now (once). Typed exports and imports use it. */
  loadedSchema(): Promise<Schema> {
    return this.#structure.get();
  }

  /** The project's structure compiled: fields and their rules, forms, events, arms, repeating setup. */
  get schema(): Schema {
    return this.#structure.required;
  }

  /** The data dictionary, one row per field. */
  get metadata(): readonly DictionaryRow[] {
    return this.schema.dictionary;
  }

  /** The fields' names in dictionary order. */
  get fieldNames(): string[] {
    return this.schema.dictionary.map((row) => row.field_name);
  }

  /** The record id field: the dictionary's first field. */
  get recordIdField(): string {
    return this.schema.recordIdField;
  }

  /** The instruments' unique names, in project order. */
  get forms(): string[] {
    return this.schema.forms.map((form) => form.name);
  }

  /** The events (empty for a classic project). */
  get events(): readonly EventDef[] {
    return this.schema.events;
  }

  /** The arms (empty for a classic project). */
  get arms(): readonly Arm[] {
    return this.schema.arms;
  }

  /** True when the project has events. */
  get isLongitudinal(): boolean {
    return this.schema.longitudinal;
  }

  /**
   * Creates a project with a super token (64 hexadecimal characters) and
   * returns it, connected with its new project token. `odm` builds it from
   * a CDISC ODM document (e.g. another project's `exportProjectXml`).
   */
  static async create(
    url: string,
    superToken: string,
    input: project.CreateProjectInput,
    options: ProjectOptions = {},
  ): Promise<Project> {
    const resolved = resolveOptions(options);
    const apiUrl = normaliseApiUrl(url);
    const transport = new Transport({
      url: apiUrl,
      token: resolved.checkToken ? checkToken(superToken, 'super') : String(superToken ?? '').trim(),
      timeoutMs: resolved.timeoutMs,
      retry: resolved.retry,
      dispatcher: resolved.dispatcher,
    });
    try {
      const token = await project.createProject(transport, input);
      return new Project(apiUrl, token, options);
    } finally {
      await transport.close();
    }
  }

  /** The project token, for the rare time it must be stored (e.g. after `Project.create`). */
  revealToken(): string {
    return this.#transport.revealToken();
  }

  /** Closes the connection pool (not a dispatcher passed in options). */
  close(): Promise<void> {
    return this.#transport.close();
  }

  toJSON(): { url: string } {
    return { url: this.url };
  }

  toString(): string {
    return `Project(${this.url})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** The record id field: from the schema when read, else looked up once in the dictionary. */
  loadRecordIdField(): Promise<string> {
    const known = this.#structure.current?.recordIdField;
    if (known !== undefined) return Promise.resolve(known);
    this.#recordIdField ??= (async () => {
      const answer = await this.#transport.call({
        method: 'recordIdField',
        content: 'metadata',
        action: 'export',
        format: 'json',
      });
      const name = readJsonArray<DictionaryRow>(answer)[0]?.field_name;
      if (!name)
        throw new RedcapHttpError(
          'recordIdField: the data dictionary REDCap sent has no fields.',
          { status: answer.status, excerpt: '' },
          answer.context,
        );
      return name;
    })();
    this.#recordIdField.catch(() => {
      this.#recordIdField = undefined;
    });
    return this.#recordIdField;
  }

  /**
   * Any API call, for methods this client does not cover yet: REDCap's
   * parameters as given (arrays as indexed keys), the body as text.
   * Marked `write` calls are not retried unless `retryWrites` is set.
   */
  async callApi(
    content: string,
    params: Params = {},
    options: { action?: string; format?: Format; write?: boolean } = {},
  ): Promise<string> {
    const answer = await this.#transport.call({
      method: 'callApi',
      content,
      action: options.action,
      format: options.format,
      write: options.write ?? true,
      params,
    });
    return answer.text;
  }

  // ---- Records -------------------------------------------------------

  /**
   * Records as rows (or CSV/XML text). Large projects are exported in
   * batches of records (`batchSize`, `concurrency`; record names read
   * first), joined into exactly what one export would return.
   */
  exportRecords<F extends Format = 'json'>(
    options?: records.ExportRecordsOptions & FormatOption<F>,
  ): Promise<Formatted<F, RecordRow[]>> {
    return records.exportRecords(this.#ctx, options);
  }

  /**
   * A record export as CSV bytes (UTF-8, as REDCap sent them), batched and
   * joined like {@link exportRecords} but never decoded: for writing to a
   * file, or for the typed reader (`readRecords`), which reads bytes.
   */
  exportRecordsCsvBytes(options?: Omit<records.ExportRecordsOptions, 'format'>): Promise<Uint8Array> {
    return records.exportRecordsCsvBytes(this.#ctx, options);
  }

  /**
   * A batched CSV record export handed over batch by batch: `onPart` gets
   * each batch's answer once it and every earlier one have come, in
   * record order (one answer when one request does), and how many
   * answers there are. `exportTable` types each while the later batches
   * are on their way.
   */
  exportRecordsCsvParts(
    options: Omit<records.ExportRecordsOptions, 'format'>,
    onPart: (bytes: Uint8Array, count: number) => void,
  ): Promise<void> {
    return records.exportRecordsCsvParts(this.#ctx, options, onPart);
  }

  /**
   * Imports rows (sent as JSON) or CSV/XML text, in batches of whole
   * records when large. If a batch fails a `RedcapBatchError` says which
   * batches landed. Returns `{count}` by default, or ids / auto ids.
   */
  importRecords<R extends ReturnContent = 'count'>(
    data: readonly (ImportRow | object)[] | string,
    options?: records.ImportRecordsOptions & { returnContent?: R },
  ): Promise<ImportRecordsResult<R>> {
    return records.importRecords(this.#ctx, data, options);
  }

  /** Deletes records (or one instrument's data of them); answers how many. */
  deleteRecords(recordNames: readonly RecordId[], options?: records.DeleteRecordsOptions): Promise<number> {
    return records.deleteRecords(this.#ctx, recordNames, options);
  }

  /** Renames a record (in one arm, if given). */
  renameRecord(record: RecordId, newName: RecordId, options?: { arm?: number | string }): Promise<void> {
    return records.renameRecord(this.#ctx, record, newName, options);
  }

  /** The name the next new record would get (DAG users get `<group id>-<n>`). */
  generateNextRecordName(): Promise<string> {
    return records.generateNextRecordName(this.#ctx);
  }

  /** Randomizes a record in a randomization model; answers the allocation. */
  randomizeRecord(
    record: RecordId,
    randomizationId: number | string,
    options?: records.RandomizeOptions,
  ): Promise<RandomizationResult> {
    return records.randomizeRecord(this.#ctx, record, randomizationId, options);
  }

  // ---- Metadata ------------------------------------------------------

  /** The data dictionary. */
  exportMetadata<F extends Format = 'json'>(
    options?: metadata.ExportMetadataOptions & FormatOption<F>,
  ): Promise<Formatted<F, DictionaryRow[]>> {
    return metadata.exportMetadata(this.#ctx, options);
  }

  /** Replaces the data dictionary; answers the number of fields. */
  importMetadata(data: ImportData<DictionaryRow>, options?: ImportFormatOption): Promise<number> {
    return metadata.importMetadata(this.#ctx, data, options);
  }

  /** Export column names of each field (checkboxes have one per choice). */
  exportFieldNames<F extends Format = 'json'>(
    options?: metadata.ExportFieldNamesOptions & FormatOption<F>,
  ): Promise<Formatted<F, ExportFieldName[]>> {
    return metadata.exportFieldNames(this.#ctx, options);
  }

  /** Instruments (forms) in project order. */
  exportInstruments<F extends Format = 'json'>(options?: FormatOption<F>): Promise<Formatted<F, Instrument[]>> {
    return metadata.exportInstruments(this.#ctx, options);
  }

  /** Instruments as a PDF: blank, one record's, or all records'. */
  exportPdf(options?: metadata.ExportPdfOptions): Promise<FileDownload> {
    return metadata.exportPdf(this.#ctx, options);
  }

  /** Which instruments each event has (longitudinal projects). */
  exportInstrumentEventMappings<F extends Format = 'json'>(
    options?: metadata.ExportMappingsOptions & FormatOption<F>,
  ): Promise<Formatted<F, FormEventMapping[]>> {
    return metadata.exportInstrumentEventMappings(this.#ctx, options);
  }

  /** Replaces the instrument/event mappings. */
  importInstrumentEventMappings(data: ImportData<FormEventMapping>, options?: ImportFormatOption): Promise<number> {
    return this.#changesStructure(metadata.importInstrumentEventMappings(this.#ctx, data, options));
  }

  // ---- Arms and events ----------------------------------------------

  exportArms<F extends Format = 'json'>(
    options?: armsEvents.ArmsFilter & FormatOption<F>,
  ): Promise<Formatted<F, Arm[]>> {
    return armsEvents.exportArms(this.#ctx, options);
  }

  /** Adds or renames arms (`override: true` replaces them all). */
  importArms(data: ImportData<Arm>, options?: armsEvents.OverrideOption): Promise<number> {
    return this.#changesStructure(armsEvents.importArms(this.#ctx, data, options));
  }

  /** Deletes arms by number, with their events and data. */
  deleteArms(arms: readonly (number | string)[]): Promise<number> {
    return this.#changesStructure(armsEvents.deleteArms(this.#ctx, arms));
  }

  exportEvents<F extends Format = 'json'>(
    options?: armsEvents.ArmsFilter & FormatOption<F>,
  ): Promise<Formatted<F, EventDef[]>> {
    return armsEvents.exportEvents(this.#ctx, options);
  }

  /** Adds or updates events (`override: true` replaces them all). */
  importEvents(data: ImportData<armsEvents.EventImport>, options?: armsEvents.OverrideOption): Promise<number> {
    return this.#changesStructure(armsEvents.importEvents(this.#ctx, data, options));
  }

  /** Deletes events by unique event name, with their data. */
  deleteEvents(events: readonly string[]): Promise<number> {
    return this.#changesStructure(armsEvents.deleteEvents(this.#ctx, events));
  }

  // ---- Repeating instruments and events ------------------------------

  exportRepeatingFormsEvents<F extends Format = 'json'>(
    options?: FormatOption<F>,
  ): Promise<Formatted<F, RepeatingFormEvent[]>> {
    return repeating.exportRepeatingFormsEvents(this.#ctx, options);
  }

  importRepeatingFormsEvents(
    data: ImportData<Partial<RepeatingFormEvent> & Pick<RepeatingFormEvent, 'form_name'>>,
    options?: ImportFormatOption,
  ): Promise<number> {
    return this.#changesStructure(repeating.importRepeatingFormsEvents(this.#ctx, data, options));
  }

  // ---- Files in records ----------------------------------------------

  /** A file-upload field's file: bytes, file name and media type. */
  exportFile(record: RecordId, field: string, options?: files.FileFieldOptions): Promise<FileDownload> {
    return files.exportFile(this.#ctx, record, field, options);
  }

  /** Uploads a file into a file-upload field. */
  importFile(record: RecordId, field: string, file: FileUpload, options?: files.FileFieldOptions): Promise<void> {
    return files.importFile(this.#ctx, record, field, file, options);
  }

  deleteFile(record: RecordId, field: string, options?: files.FileFieldOptions): Promise<void> {
    return files.deleteFile(this.#ctx, record, field, options);
  }

  // ---- File repository -----------------------------------------------

  createFolder(name: string, options?: fileRepository.CreateFolderOptions): Promise<{ folder_id: number }> {
    return fileRepository.createFolder(this.#ctx, name, options);
  }

  /** A folder's folders and files (the top level by default). */
  listFileRepository<F extends Format = 'json'>(
    options?: fileRepository.ListFolderOptions & FormatOption<F>,
  ): Promise<Formatted<F, FileRepositoryItem[]>> {
    return fileRepository.listFileRepository(this.#ctx, options);
  }

  exportRepositoryFile(docId: number): Promise<FileDownload> {
    return fileRepository.exportRepositoryFile(this.#ctx, docId);
  }

  importRepositoryFile(file: FileUpload, options?: fileRepository.ListFolderOptions): Promise<void> {
    return fileRepository.importRepositoryFile(this.#ctx, file, options);
  }

  deleteRepositoryFile(docId: number): Promise<void> {
    return fileRepository.deleteRepositoryFile(this.#ctx, docId);
  }

  // ---- Users and roles -----------------------------------------------

  exportUsers<F extends Format = 'json'>(options?: FormatOption<F>): Promise<Formatted<F, UserRights[]>> {
    return users.exportUsers(this.#ctx, options);
  }

  importUsers(
    data: ImportData<Partial<UserRights> & { username: string }>,
    options?: ImportFormatOption,
  ): Promise<number> {
    return users.importUsers(this.#ctx, data, options);
  }

  deleteUsers(usernames: readonly string[]): Promise<number> {
    return users.deleteUsers(this.#ctx, usernames);
  }

  exportUserRoles<F extends Format = 'json'>(options?: FormatOption<F>): Promise<Formatted<F, UserRole[]>> {
    return users.exportUserRoles(this.#ctx, options);
  }

  importUserRoles(
    data: ImportData<Partial<UserRole> & { role_label: string }>,
    options?: ImportFormatOption,
  ): Promise<number> {
    return users.importUserRoles(this.#ctx, data, options);
  }

  deleteUserRoles(roles: readonly string[]): Promise<number> {
    return users.deleteUserRoles(this.#ctx, roles);
  }

  exportUserRoleMappings<F extends Format = 'json'>(
    options?: FormatOption<F>,
  ): Promise<Formatted<F, UserRoleMapping[]>> {
    return users.exportUserRoleMappings(this.#ctx, options);
  }

  importUserRoleMappings(data: ImportData<UserRoleMapping>, options?: ImportFormatOption): Promise<number> {
    return users.importUserRoleMappings(this.#ctx, data, options);
  }

  // ---- Data access groups --------------------------------------------

  exportDags<F extends Format = 'json'>(options?: FormatOption<F>): Promise<Formatted<F, DataAccessGroup[]>> {
    return dags.exportDags(this.#ctx, options);
  }

  importDags(
    data: ImportData<Pick<DataAccessGroup, 'data_access_group_name'> & Partial<DataAccessGroup>>,
    options?: ImportFormatOption,
  ): Promise<number> {
    return dags.importDags(this.#ctx, data, options);
  }

  deleteDags(uniqueGroupNames: readonly string[]): Promise<number> {
    return dags.deleteDags(this.#ctx, uniqueGroupNames);
  }

  /** Moves the token's user into another data access group. */
  switchDag(uniqueGroupName: string): Promise<void> {
    return dags.switchDag(this.#ctx, uniqueGroupName);
  }

  exportUserDagMappings<F extends Format = 'json'>(options?: FormatOption<F>): Promise<Formatted<F, UserDagMapping[]>> {
    return dags.exportUserDagMappings(this.#ctx, options);
  }

  importUserDagMappings(data: ImportData<UserDagMapping>, options?: ImportFormatOption): Promise<number> {
    return dags.importUserDagMappings(this.#ctx, data, options);
  }

  // ---- Logging and reports -------------------------------------------

  exportLogging<F extends Format = 'json'>(
    options?: logging.ExportLoggingOptions & FormatOption<F>,
  ): Promise<Formatted<F, LogEntry[]>> {
    return logging.exportLogging(this.#ctx, options);
  }

  /** A report's rows, by report id. */
  exportReport<F extends Format = 'json'>(
    reportId: number | string,
    options?: reports.ExportReportOptions & FormatOption<F>,
  ): Promise<Formatted<F, RecordRow[]>> {
    return reports.exportReport(this.#ctx, reportId, options);
  }

  // ---- Surveys -------------------------------------------------------

  exportSurveyLink(record: RecordId, instrument: string, options?: surveys.SurveyTarget): Promise<string> {
    return surveys.exportSurveyLink(this.#ctx, record, instrument, options);
  }

  exportSurveyQueueLink(record: RecordId): Promise<string> {
    return surveys.exportSurveyQueueLink(this.#ctx, record);
  }

  exportSurveyAccessCode(record: RecordId, instrument: string, options?: surveys.SurveyTarget): Promise<string> {
    return surveys.exportSurveyAccessCode(this.#ctx, record, instrument, options);
  }

  exportSurveyReturnCode(record: RecordId, instrument: string, options?: surveys.SurveyTarget): Promise<string> {
    return surveys.exportSurveyReturnCode(this.#ctx, record, instrument, options);
  }

  exportSurveyParticipants<F extends Format = 'json'>(
    instrument: string,
    options?: { event?: string } & FormatOption<F>,
  ): Promise<Formatted<F, SurveyParticipant[]>> {
    return surveys.exportSurveyParticipants(this.#ctx, instrument, options);
  }

  // ---- Project -------------------------------------------------------

  exportProjectInfo<F extends Format = 'json'>(options?: FormatOption<F>): Promise<Formatted<F, ProjectInfo>> {
    return project.exportProjectInfo(this.#ctx, options);
  }

  /** Changes project settings (title, notes, flags…). */
  importProjectSettings(settings: ProjectSettings | string, options?: { format?: Format }): Promise<number> {
    return this.#changesStructure(project.importProjectSettings(this.#ctx, settings, options));
  }

  /** The project as CDISC ODM XML (structure, and records unless `returnMetadataOnly`). */
  exportProjectXml(options?: project.ExportProjectXmlOptions): Promise<string> {
    return project.exportProjectXml(this.#ctx, options);
  }

  /** The server's REDCap version, e.g. `14.7.3`. */
  exportVersion(): Promise<string> {
    return project.exportVersion(this.#ctx);
  }
}
