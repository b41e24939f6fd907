/**
 * Survey links, codes and participants.
 */
import type { ApiContext } from '../context.js';
import { readText } from '../response.js';
import type { Format, FormatOption, Formatted, RecordId } from '../types/common.js';
import type { SurveyParticipant } from '../types/surveys.js';
import { exportRows } from './common.js';

export interface SurveyTarget {
  /** Unique event name (longitudinal projects). */
  event?: string;
  repeatInstance?: number;
}

async function surveyText(
  ctx: ApiContext,
  method: string,
  content: string,
  record: RecordId,
  instrument: string | undefined,
  options: SurveyTarget,
): Promise<string> {
  const answer = await ctx.transport.call({
    method,
    content,
    format: 'json',
    params: { record: String(record), instrument, event: options.event, repeat_instance: options.repeatInstance },
  });
  return readText(answer);
}

/** The record's link to a survey (`…/surveys/?s=…`). */
export function exportSurveyLink(
  ctx: ApiContext,
  record: RecordId,
  instrument: string,
  options: SurveyTarget = {},
): Promise<string> {
  return surveyText(ctx, 'exportSurveyLink', 'surveyLink', record, instrument, options);
}

export async function exportSurveyQueueLink(ctx: ApiContext, record: RecordId): Promise<string> {
  const answer = await ctx.transport.call({
    method: 'exportSurveyQueueLink',
    content: 'surveyQueueLink',
    format: 'json',
    params: { record: String(record) },
  });
  return readText(answer);
}

export function exportSurveyAccessCode(
  ctx: ApiContext,
  record: RecordId,
  instrument: string,
  options: SurveyTarget = {},
): Promise<string> {
  return surveyText(ctx, 'exportSurveyAccessCode', 'surveyAccessCode', record, instrument, options);
}

/** The code a participant uses to come back to a partly completed survey. */
export function exportSurveyReturnCode(
  ctx: ApiContext,
  record: RecordId,
  instrument: string,
  options: SurveyTarget = {},
): Promise<string> {
  return surveyText(ctx, 'exportSurveyReturnCode', 'surveyReturnCode', record, instrument, options);
}

export function exportSurveyParticipants<F extends Format = 'json'>(
  ctx: ApiContext,
  instrument: string,
  options: { event?: string } & FormatOption<F> = {},
): Promise<Formatted<F, SurveyParticipant[]>> {
  return exportRows<SurveyParticipant, F>(
    ctx,
    { method: 'exportSurveyParticipants', content: 'participantList', action: null },
    options.format,
    {
      instrument,
      event: options.event,
    },
  );
}
