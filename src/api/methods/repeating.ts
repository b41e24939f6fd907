/**
 * Repeating instruments and events.
 */
import type { ApiContext } from '../context.js';
import type { Format, FormatOption, Formatted, ImportData, ImportFormatOption } from '../types/common.js';
import type { RepeatingFormEvent } from '../../schema/types.js';
import { exportRows, importRows } from './common.js';

export function exportRepeatingFormsEvents<F extends Format = 'json'>(
  ctx: ApiContext,
  options: FormatOption<F> = {},
): Promise<Formatted<F, RepeatingFormEvent[]>> {
  return exportRows<RepeatingFormEvent, F>(
    ctx,
    { method: 'exportRepeatingFormsEvents', content: 'repeatingFormsEvents' },
    options.format,
  );
}

/** Replaces the repeating setup. In classic projects `event_name` is left out. */
export function importRepeatingFormsEvents(
  ctx: ApiContext,
  data: ImportData<Partial<RepeatingFormEvent> & Pick<RepeatingFormEvent, 'form_name'>>,
  options: ImportFormatOption = {},
): Promise<number> {
  return importRows(
    ctx,
    { method: 'importRepeatingFormsEvents', content: 'repeatingFormsEvents' },
    data,
    options.format,
  );
}
