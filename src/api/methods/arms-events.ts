/**
 * Arms and events of longitudinal projects.
 */
import type { ApiContext } from '../context.js';
import { flag } from '../params.js';
import type { Format, FormatOption, Formatted, ImportData, ImportFormatOption } from '../types/common.js';
import type { Arm, EventDef } from '../../schema/types.js';
import { deleteNamed, exportRows, importRows } from './common.js';

export interface ArmsFilter {
  /** Arm numbers (all when not given). */
  arms?: readonly (number | string)[];
}

export interface OverrideOption extends ImportFormatOption {
  /** Replace all existing ones (REDCap's `override=1`) instead of adding and updating. */
  override?: boolean;
}

export function exportArms<F extends Format = 'json'>(
  ctx: ApiContext,
  options: ArmsFilter & FormatOption<F> = {},
): Promise<Formatted<F, Arm[]>> {
  return exportRows<Arm, F>(ctx, { method: 'exportArms', content: 'arm' }, options.format, {
    arms: options.arms?.map(String),
  });
}

export function importArms(ctx: ApiContext, data: ImportData<Arm>, options: OverrideOption = {}): Promise<number> {
  return importRows(ctx, { method: 'importArms', content: 'arm' }, data, options.format, {
    override: flag(options.override),
  });
}

export function deleteArms(ctx: ApiContext, arms: readonly (number | string)[]): Promise<number> {
  return deleteNamed(ctx, { method: 'deleteArms', content: 'arm' }, 'arms', arms);
}

export function exportEvents<F extends Format = 'json'>(
  ctx: ApiContext,
  options: ArmsFilter & FormatOption<F> = {},
): Promise<Formatted<F, EventDef[]>> {
  return exportRows<EventDef, F>(ctx, { method: 'exportEvents', content: 'event' }, options.format, {
    arms: options.arms?.map(String),
  });
}

/** Events to import: REDCap needs the label and arm; the rest is optional. */
export type EventImport = Pick<EventDef, 'event_name' | 'arm_num'> & Partial<EventDef>;

export function importEvents(
  ctx: ApiContext,
  data: ImportData<EventImport>,
  options: OverrideOption = {},
): Promise<number> {
  return importRows(ctx, { method: 'importEvents', content: 'event' }, data, options.format, {
    override: flag(options.override),
  });
}

/** Deletes events by unique event name. */
export function deleteEvents(ctx: ApiContext, events: readonly string[]): Promise<number> {
  return deleteNamed(ctx, { method: 'deleteEvents', content: 'event' }, 'events', events);
}
