import { isRedcapApiError } from '../api/errors.js';
import { type DagLabel, Schema } from './schema.js';
import type {
  Arm,
  DictionaryRow,
  EventDef,
  FormEventMapping,
  Instrument,
  ProjectInfo,
  RepeatingFormEvent,
} from './types.js';

/** The structure exports a schema is built from (a `Project` has them all). */
export interface StructureSource {
  exportMetadata(): Promise<DictionaryRow[]>;
  exportInstruments(): Promise<Instrument[]>;
  exportProjectInfo(): Promise<ProjectInfo>;
  exportArms(): Promise<Arm[]>;
  exportEvents(): Promise<EventDef[]>;
  exportInstrumentEventMappings(): Promise<FormEventMapping[]>;
  exportRepeatingFormsEvents(): Promise<RepeatingFormEvent[]>;
  exportDags(): Promise<DagLabel[]>;
}

/**
 * Reads a project's structure once: dictionary, instruments, project
 * info (missing-data codes), and for longitudinal projects the arms,
 * events and form–event mappings, plus the repeating setup. A dictionary
 * exported just before (as `Project.connect` does) is not asked again.
 */
export async function loadSchema(
  project: StructureSource,
  known: { dictionary?: DictionaryRow[] } = {},
): Promise<Schema> {
  const [dictionary, instruments, info, dags] = await Promise.all([
    known.dictionary ? Promise.resolve(known.dictionary) : project.exportMetadata(),
    project.exportInstruments(),
    project.exportProjectInfo(),
    // DAG labels are a nicety: a user whose rights do not cover DAGs still gets a frame.
    project.exportDags().catch((e: unknown) => {
      if (isRedcapApiError(e)) return [];
      throw e;
    }),
  ]);
  let arms: Arm[] = [];
  let events: EventDef[] = [];
  let mappings: FormEventMapping[] = [];
  if (info.is_longitudinal === 1) {
    [arms, events, mappings] = await Promise.all([
      project.exportArms(),
      project.exportEvents(),
      project.exportInstrumentEventMappings(),
    ]);
  }
  let repeating: RepeatingFormEvent[] = [];
  if (info.has_repeating_instruments_or_events === 1) repeating = await project.exportRepeatingFormsEvents();
  return new Schema({ dictionary, instruments, info, arms, events, mappings, repeating, dags });
}
