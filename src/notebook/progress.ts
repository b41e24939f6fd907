import type { ProgressEvent, ProgressListener } from '../api/types/common.js';
import { escapeHtml } from './html.js';
import { updatableDisplay } from './kernel.js';

function describe(e: ProgressEvent): string {
  if (e.phase === 'ids') return `${e.totalRecords} records in ${e.total} batch${e.total === 1 ? '' : 'es'}`;
  return `${e.done} of ${e.total} batches, ${e.records} of ${e.totalRecords} records`;
}

/** The progress of a batched export or import as HTML (a progress bar and counts). */
export function progressHtml(label: string, e: ProgressEvent): string {
  const finished = e.phase !== 'ids' && e.done >= e.total;
  return (
    `<div class="rf-progress" data-rf="progress" style="font-family:system-ui,sans-serif;font-size:13px">` +
    `<b>${escapeHtml(label)}</b> <progress value="${e.done}" max="${Math.max(1, e.total)}" style="vertical-align:middle"></progress> ` +
    `${escapeHtml(describe(e))}${finished ? ' ✓' : ''}</div>`
  );
}

/**
 * A listener for a long export or import (`onProgress`) that shows its
 * progress in the notebook as one display entry updated in place. Outside
 * a notebook it does nothing, unless `log` is given (e.g. `console.error`).
 *
 * ```ts
 * const rows = await project.exportRecords({ batchSize: 100, onProgress: progressDisplay('Exporting') });
 * ```
 */
export function progressDisplay(label = 'Progress', options: { log?: (line: string) => void } = {}): ProgressListener {
  let entry: ReturnType<typeof updatableDisplay> | null = null;
  return (e) => {
    if (entry === null) entry = updatableDisplay();
    if (entry) entry.html(progressHtml(label, e));
    else options.log?.(`${label}: ${describe(e)}`);
  };
}
