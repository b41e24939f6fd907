import { exportableFields } from '../access/form-rights.js';
import { badRequest } from '../refusal.js';
import { pdfPages, printableRecords, type PdfSelection } from '../pdf/pdf-pages.js';
import { renderPdf } from '../pdf/render-pdf.js';
import { fileResponse } from './file-response.js';
import { requireRights, type ApiResponse, type ProjectCall, type ProjectHandler } from './handler.js';

/** REDCap-style file name: the project title's letters, the record when one, and the time. */
function pdfFileName(call: ProjectCall, record: string | undefined, now: Date): string {
  const title = call.project.info.project_title.replace(/[^A-Za-z0-9]+/g, '').slice(0, 30) || 'Project';
  const when = now.toISOString().slice(0, 16).replace('T', '_').replace(':', '');
  return `${title}${record !== undefined ? `_${record.replace(/[^A-Za-z0-9_-]+/g, '_')}` : ''}_${when}.pdf`;
}

/**
 * `content=pdf`: instruments as a PDF. With `record`, that record's
 * instruments holding data (optionally one `event`, `instrument`,
 * `repeat_instance`); with `allRecords`, every record the user can see;
 * with neither, blank instruments (`instrument`, or all of them).
 * `compactDisplay` leaves out empty fields and unchosen options. Per-form
 * export rights apply to data as in record exports: instruments without
 * export access are left out, withheld fields print `[*DATA REMOVED*]`
 * as in REDCap's own PDFs. A user
 * in a data access group cannot print another group's record: it is
 * treated as not existing, as everywhere in REDCap's API.
 */
export const exportPdfHandler: ProjectHandler = async (call): Promise<ApiResponse> => {
  requireRights(call, 'api_export');
  const p = call.params;
  const state = call.project;
  const longitudinal = state.schema.longitudinal;
  const instrument = p.text('instrument') || undefined;
  if (instrument !== undefined && !state.schema.form(instrument))
    throw badRequest(`The instrument '${instrument}' is not a valid unique instrument name`);
  let event = p.text('event') || undefined;
  // Classic projects have no events to choose: REDCap ignores the parameter there.
  if (!longitudinal) event = undefined;
  if (event !== undefined) {
    if (!state.eventIds.has(event)) throw badRequest(`The event '${event}' is not a valid unique event name`);
    if (instrument !== undefined && !state.schema.isFormInEvent(instrument, event)) {
      throw badRequest(`The instrument '${instrument}' is not designated for the event '${event}'`);
    }
  }
  const instanceText = p.text('repeat_instance');
  if (instanceText !== '' && !/^[1-9]\d*$/.test(instanceText))
    throw badRequest('The value of the parameter "repeat_instance" is not valid');
  const record = p.text('record') || undefined;
  const allRecords = p.has('allRecords') && p.get('allRecords') !== 'false' && p.get('allRecords') !== '0';

  const printable = printableRecords(call.db, state, call.user.groupId);
  const sel: PdfSelection = {
    records: [],
    event,
    instrument,
    instance: instanceText === '' ? undefined : Number(instanceText),
    compact: p.flag('compactDisplay'),
    armsOf: printable,
    exportable: exportableFields(state, call.user),
  };
  if (allRecords) sel.records = [...printable.keys()];
  else if (record !== undefined) {
    if (!printable.has(record)) throw badRequest(`The record "${record}" does not exist`);
    sel.records = [record];
  }

  const now = new Date();
  const pages = pdfPages(call.db, state, sel);
  const bytes = await renderPdf(pages, { projectTitle: state.info.project_title, generatedAt: now });
  const what = allRecords
    ? `all records (${sel.records.length})`
    : record !== undefined
      ? `record ${record}`
      : 'blank instruments';
  call.log({
    action: 'Download PDF (API)',
    logType: 'export',
    record: allRecords ? null : (record ?? null),
    details: `${what}${instrument ? `, instrument ${instrument}` : ''}${event ? `, event ${event}` : ''}, ${pages.length} instruments`,
  });
  return fileResponse(Buffer.from(bytes), pdfFileName(call, allRecords ? undefined : record, now), 'application/pdf');
};
