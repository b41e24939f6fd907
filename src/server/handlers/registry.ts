import type { ProjectHandler, SuperHandler } from './handler.js';
// Structure, files, file repository, PDF.
import { deleteArmsHandler, exportArmsHandler, importArmsHandler } from './arms.js';
import { deleteEventsHandler, exportEventsHandler, importEventsHandler } from './events.js';
import { exportFormEventMappingsHandler, importFormEventMappingsHandler } from './form-event-mappings.js';
import { exportRepeatingHandler, importRepeatingHandler } from './repeating.js';
import { deleteFileHandler, exportFileHandler, importFileHandler } from './files.js';
import {
  createFolderHandler,
  deleteRepositoryFileHandler,
  exportRepositoryFileHandler,
  importRepositoryFileHandler,
  listRepositoryHandler,
} from './file-repository.js';
import { exportPdfHandler } from './pdf.js';
// Users, roles, DAGs, logging, reports, surveys, randomization.
import { deleteDags, exportDags, exportUserDagMappings, importDags, importUserDagMappings, switchDag } from './dags.js';
import { exportLogging } from './logging.js';
import { randomizeRecord } from './randomize.js';
import { exportReport } from './reports.js';
import {
  exportParticipantList,
  exportSurveyAccessCode,
  exportSurveyLink,
  exportSurveyQueueLink,
  exportSurveyReturnCode,
} from './surveys.js';
import {
  deleteUserRoles,
  exportUserRoleMappings,
  exportUserRoles,
  importUserRoleMappings,
  importUserRoles,
} from './user-roles.js';
import { deleteUsers, exportUsers, importUsers } from './users.js';
import { exportFieldNames, exportInstruments, exportMetadata, importMetadata } from './metadata.js';
import {
  createProjectHandler,
  exportProjectInfo,
  exportProjectXml,
  exportVersion,
  importProjectSettings,
} from './project.js';
import {
  deleteRecordsHandler,
  exportRecords,
  generateNextRecordName,
  importRecordsHandler,
  renameRecordHandler,
} from './records.js';

/**
 * Every method of the API, keyed `content:action` (the action a content
 * takes when none is sent is `export`, or `list` for the file repository).
 */
export const PROJECT_HANDLERS: Record<string, ProjectHandler> = {
  'record:export': exportRecords,
  'record:import': importRecordsHandler,
  'record:delete': deleteRecordsHandler,
  'record:rename': renameRecordHandler,
  'generateNextRecordName:export': generateNextRecordName,
  'metadata:export': exportMetadata,
  'metadata:import': importMetadata,
  'exportFieldNames:export': exportFieldNames,
  'instrument:export': exportInstruments,
  'project:export': exportProjectInfo,
  'project_settings:import': importProjectSettings,
  'project_xml:export': exportProjectXml,
  'version:export': exportVersion,
  // Structure, files, file repository, PDF.
  'arm:export': exportArmsHandler,
  'arm:import': importArmsHandler,
  'arm:delete': deleteArmsHandler,
  'event:export': exportEventsHandler,
  'event:import': importEventsHandler,
  'event:delete': deleteEventsHandler,
  'formEventMapping:export': exportFormEventMappingsHandler,
  'formEventMapping:import': importFormEventMappingsHandler,
  'repeatingFormsEvents:export': exportRepeatingHandler,
  'repeatingFormsEvents:import': importRepeatingHandler,
  'file:export': exportFileHandler,
  'file:import': importFileHandler,
  'file:delete': deleteFileHandler,
  'fileRepository:createFolder': createFolderHandler,
  'fileRepository:list': listRepositoryHandler,
  'fileRepository:export': exportRepositoryFileHandler,
  'fileRepository:import': importRepositoryFileHandler,
  'fileRepository:delete': deleteRepositoryFileHandler,
  'pdf:export': exportPdfHandler,
  // Users, roles, DAGs, logging, reports, surveys, randomization.
  'user:export': exportUsers,
  'user:import': importUsers,
  'user:delete': deleteUsers,
  'userRole:export': exportUserRoles,
  'userRole:import': importUserRoles,
  'userRole:delete': deleteUserRoles,
  'userRoleMapping:export': exportUserRoleMappings,
  'userRoleMapping:import': importUserRoleMappings,
  'dag:export': exportDags,
  'dag:import': importDags,
  'dag:delete': deleteDags,
  'dag:switch': switchDag,
  'userDagMapping:export': exportUserDagMappings,
  'userDagMapping:import': importUserDagMappings,
  'log:export': exportLogging,
  'report:export': exportReport,
  'surveyLink:export': exportSurveyLink,
  'surveyQueueLink:export': exportSurveyQueueLink,
  'surveyAccessCode:export': exportSurveyAccessCode,
  'surveyReturnCode:export': exportSurveyReturnCode,
  'participantList:export': exportParticipantList,
  'record:randomize': randomizeRecord,
};

/** Methods called with a super token. */
export const SUPER_HANDLERS: Record<string, SuperHandler> = {
  // REDCap's documentation creates projects with no action at all.
  'project:export': createProjectHandler,
  'project:import': createProjectHandler,
  'project:create': createProjectHandler,
};

/** Every `content` value REDCap knows, including those this server answers elsewhere in the registry. */
export const KNOWN_CONTENTS: ReadonlySet<string> = new Set([
  'record',
  'generateNextRecordName',
  'metadata',
  'exportFieldNames',
  'instrument',
  'project',
  'project_settings',
  'project_xml',
  'version',
  'arm',
  'event',
  'formEventMapping',
  'repeatingFormsEvents',
  'file',
  'fileRepository',
  'user',
  'userRole',
  'userRoleMapping',
  'dag',
  'userDagMapping',
  'log',
  'report',
  'pdf',
  'surveyLink',
  'surveyQueueLink',
  'surveyAccessCode',
  'surveyReturnCode',
  'participantList',
  'attachment',
  'appRightsCheck',
]);
