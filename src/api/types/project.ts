/**
 * Creating projects and importing their settings.
 */
import type { ProjectInfo } from '../../schema/types.js';

/**
 * The settings `Project.create` takes (`project_title` and `purpose` are
 * required by REDCap): 0 practice, 1 other (say which in `purpose_other`),
 * 2 research, 3 quality improvement, 4 operational support.
 */
export interface NewProjectData {
  project_title: string;
  purpose: 0 | 1 | 2 | 3 | 4;
  purpose_other?: string;
  project_notes?: string;
  is_longitudinal?: 0 | 1;
  surveys_enabled?: 0 | 1;
  record_autonumbering_enabled?: 0 | 1;
  [setting: string]: unknown;
}

/** Settings `importProjectSettings` can change. */
export type ProjectSettings = Partial<
  Omit<ProjectInfo, 'project_id' | 'creation_time' | 'production_time' | 'in_production'>
>;
