import type { ProjectDefinition } from '../project-definition.js';
import { clinicalStudyProject } from './clinical-study.js';
import { tutorialProject } from './tutorial-project.js';

export { clinicalStudyProject, type ClinicalStudyOptions } from './clinical-study.js';
export { tutorialProject } from './tutorial-project.js';

/**
 * The projects `redcap-frames serve --demo` loads. Each has a stable
 * source name, so a server started again on the same database skips the
 * ones it already holds.
 */
export function demoProjects(): { source: string; definition: ProjectDefinition }[] {
  return [
    { source: 'demo:tutorial', definition: tutorialProject() },
    { source: 'demo:clinical-study', definition: clinicalStudyProject() },
  ];
}
