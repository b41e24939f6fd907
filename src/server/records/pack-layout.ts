import type { ProjectState } from '../store/project-state.js';

/**
 * Where each stored name sits in a packed row, fixed by the project's
 * structure (packs carry the structure version they were made under):
 * every form's fields, its `_complete` status and survey `_timestamp`,
 * then `redcap_survey_identifier`. A value under any other name (a field
 * since removed from the dictionary) rides along by name.
 */
export class PackLayout {
  readonly names: string[] = [];
  readonly index = new Map<string, number>();
  readonly checkbox: boolean[] = [];

  constructor(state: ProjectState) {
    for (const form of state.schema.forms) {
      for (const f of form.fields) this.add(f.name, f.type === 'checkbox');
      this.add(`${form.name}_complete`, false);
      this.add(`${form.name}_timestamp`, false);
    }
    this.add('redcap_survey_identifier', false);
  }

  private add(name: string, checkbox: boolean): void {
    if (this.index.has(name)) return;
    this.index.set(name, this.names.length);
    this.names.push(name);
    this.checkbox.push(checkbox);
  }
}

const layouts = new WeakMap<ProjectState, PackLayout>();

/** The layout of a project state (states are cached per structure version, and so are layouts). */
export function packLayout(state: ProjectState): PackLayout {
  let layout = layouts.get(state);
  if (!layout) layouts.set(state, (layout = new PackLayout(state)));
  return layout;
}
