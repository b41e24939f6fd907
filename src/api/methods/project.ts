/**
 * The project itself: information, settings, the whole project as CDISC
 * ODM XML, the REDCap version, and creating projects with a super token.
 */
import type { ApiContext } from '../context.js';
import { RedcapHttpError } from '../errors.js';
import { readJsonObject, readText } from '../response.js';
import type { Transport } from '../transport.js';
import type { Format, FormatOption, Formatted, RecordId } from '../types/common.js';
import type { NewProjectData, ProjectSettings } from '../types/project.js';
import type { ProjectInfo } from '../../schema/types.js';
import { importRows } from './common.js';

export async function exportProjectInfo<F extends Format = 'json'>(
  ctx: ApiContext,
  options: FormatOption<F> = {},
): Promise<Formatted<F, ProjectInfo>> {
  const format = options.format ?? 'json';
  const answer = await ctx.transport.call({
    method: 'exportProjectInfo',
    content: 'project',
    action: 'export',
    format,
  });
  return (format === 'json' ? readJsonObject<ProjectInfo>(answer) : answer.text) as Formatted<F, ProjectInfo>;
}

/** Changes project settings (title, notes, flags…); answers the number of settings changed. */
export function importProjectSettings(
  ctx: ApiContext,
  settings: ProjectSettings | string,
  options: { format?: Format } = {},
): Promise<number> {
  // REDCap takes one settings object, not a list.
  const data = typeof settings === 'string' ? settings : JSON.stringify(settings);
  return importRows(
    ctx,
    { method: 'importProjectSettings', content: 'project_settings' },
    data,
    typeof settings === 'string' ? (options.format ?? 'json') : 'json',
  );
}

export interface ExportProjectXmlOptions {
  /** Only the project's structure, no records. */
  returnMetadataOnly?: boolean;
  records?: readonly RecordId[];
  fields?: readonly string[];
  events?: readonly string[];
  filterLogic?: string;
  exportSurveyFields?: boolean;
  exportDataAccessGroups?: boolean;
  /** Embed uploaded files (base64) in the XML. */
  exportFiles?: boolean;
}

/** The project (structure, and records unless `returnMetadataOnly`) as CDISC ODM XML text. */
export async function exportProjectXml(ctx: ApiContext, options: ExportProjectXmlOptions = {}): Promise<string> {
  const answer = await ctx.transport.call({
    method: 'exportProjectXml',
    content: 'project_xml',
    format: 'xml',
    params: {
      returnMetadataOnly: options.returnMetadataOnly,
      records: options.records?.map(String),
      fields: options.fields,
      events: options.events,
      filterLogic: options.filterLogic,
      exportSurveyFields: options.exportSurveyFields,
      exportDataAccessGroups: options.exportDataAccessGroups,
      exportFiles: options.exportFiles,
    },
  });
  return answer.text;
}

/** The REDCap version, e.g. `14.7.3`. */
export async function exportVersion(ctx: ApiContext): Promise<string> {
  const answer = await ctx.transport.call({ method: 'exportVersion', content: 'version', format: 'json' });
  const text = readText(answer);
  return text.replace(/^"(.*)"$/, '$1');
}

export interface CreateProjectInput {
  /** Settings of the new project; `project_title` and `purpose` are required. */
  data: NewProjectData;
  /** A CDISC ODM document (e.g. from `exportProjectXml`) to build the project from. */
  odm?: string;
}

/**
 * Creates a project with a super token (the transport carries it) and
 * answers the new project's token: the last 32 characters of the body,
 * since a server may print other text before it.
 */
export async function createProject(transport: Transport, input: CreateProjectInput): Promise<string> {
  const method = 'createProject';
  const answer = await transport.call({
    // No action: REDCap tells creation from export by the super token and `data`.
    method,
    content: 'project',
    write: true,
    format: 'json',
    trailingAnswer: true,
    params: { data: JSON.stringify([input.data]), odm: input.odm },
  });
  const text = answer.text.trim();
  const token = text.slice(-32);
  if (!/^[0-9A-Fa-f]{32}$/.test(token)) {
    throw new RedcapHttpError(
      `${method}: REDCap's answer does not end with a project token (${text.length} characters received).`,
      { status: answer.status, excerpt: '' },
      answer.context,
    );
  }
  return token;
}
