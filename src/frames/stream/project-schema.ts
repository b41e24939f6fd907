/**
 * A project's schema read through the API: dictionary, instruments and
 * settings, plus arms, events and mappings when longitudinal and the
 * repeating setup when it has one.
 */
import type { Project } from '../../api/project.js';
import { Schema } from '../../schema/schema.js';
import type { Arm, EventDef, FormEventMapping, RepeatingFormEvent } from '../../schema/types.js';

export async function fetchSchema(project: Project): Promise<Schema> {
  const [dictionary, instruments, info] = await Promise.all([
    project.exportMetadata(), project.exportInstruments(), project.exportProjectInfo(),
  ]);
  let arms: Arm[] = [];
  let events: EventDef[] = [];
  let mappings: FormEventMapping[] = [];
  if (Number(info.is_longitudinal) === 1) {
    [arms, events, mappings] = await Promise.all([project.exportArms(), project.exportEvents(), project.exportInstrumentEventMappings()]);
  }
  const repeating: RepeatingFormEvent[] = Number(info.has_repeating_instruments_or_events) === 1 ? await project.exportRepeatingFormsEvents() : [];
  return new Schema({ dictionary, instruments, arms, events, mappings, repeating, info });
}
