import { projectExtras, surveySettingsJson } from '../store/projects-store.js';
import { badRequest } from '../refusal.js';
import { CONTENT_TYPES, renderRows } from '../http/formats.js';
import type { SurveyDefinition } from '../project-definition.js';
import { requireVisibleRecord } from '../access/scope.js';
import { firstValueReader, listRecords } from '../store/record-store.js';
import { participantCodes, surveyQueueHash, type ParticipantTarget } from '../store/survey-participants.js';
import { requireRights, type ApiResponse, type ProjectCall, type ProjectHandler } from './handler.js';

function plain(body: string): ApiResponse {
  return { contentType: 'text/plain; charset=utf-8', body };
}

function storedSurvey(call: ProjectCall, form: string): SurveyDefinition | undefined {
  const json = surveySettingsJson(call.db, call.project.id, form);
  return json === undefined ? undefined : (JSON.parse(json) as SurveyDefinition);
}

/** The survey named by `instrument`: refused when it is no instrument or not enabled as a survey. */
function surveyOf(call: ProjectCall): SurveyDefinition {
  const form = call.params.text('instrument');
  if (form === '') throw badRequest('The parameter "instrument" is missing');
  if (!call.project.schema.form(form))
    throw badRequest(
      `The value of the parameter "instrument" is not valid: "${form}" is not an instrument of this project`,
    );
  const survey = storedSurvey(call, form);
  if (
    call.project.info.surveys_enabled !== 1 ||
    !call.project.surveyForms.includes(form) ||
    !survey ||
    survey.settings?.survey_enabled === '0'
  ) {
    throw badRequest(`The instrument "${form}" is not enabled as a survey in this project`);
  }
  return survey;
}

/** The event of a survey call: required in longitudinal projects, where the form must be designated for it. */
function eventOf(call: ProjectCall, form: string): { eventId: number; event: string } {
  const state = call.project;
  if (!state.schema.longitudinal) return { eventId: state.defaultEventId, event: '' };
  const event = call.params.text('event');
  if (event === '') throw badRequest('The parameter "event" is missing: it is required in longitudinal projects');
  const eventId = state.eventIds.get(event);
  if (eventId === undefined) throw badRequest(`The event "${event}" is not a valid unique event name`);
  if (!state.schema.isFormInEvent(form, event))
    throw badRequest(`The instrument "${form}" is not designated for the event "${event}"`);
  return { eventId, event };
}

/** Record, survey, event and instance of a survey link or code call, all checked. */
function participantOf(call: ProjectCall): ParticipantTarget & { survey: SurveyDefinition } {
  requireRights(call, 'api_export');
  const record = call.params.text('record');
  if (record === '') throw badRequest('The parameter "record" is missing');
  const survey = surveyOf(call);
  const { eventId, event } = eventOf(call, survey.form);
  const text = call.params.text('repeat_instance', '1');
  if (!/^[1-9]\d*$/.test(text)) throw badRequest('The value of the parameter "repeat_instance" is not valid');
  const instance = Number(text);
  const schema = call.project.schema;
  if (instance > 1 && !schema.isRepeatingForm(survey.form, event) && !schema.isRepeatingEvent(event)) {
    throw badRequest(
      `The instrument "${survey.form}" does not repeat${event ? ` in the event "${event}"` : ''}, so "repeat_instance" can only be 1`,
    );
  }
  requireVisibleRecord(call, record);
  return { form: survey.form, eventId, record, instance, survey };
}

function surveyUrl(call: ProjectCall, hash: string): string {
  return `${call.server.baseUrl}/surveys/?s=${hash}`;
}

/** `content=surveyLink`: the participant's survey URL, the same every time it is asked for. */
export const exportSurveyLink: ProjectHandler = (call) => {
  const t = participantOf(call);
  return plain(surveyUrl(call, participantCodes(call.db, call.project.id, t).hash));
};

/** `content=surveyAccessCode`: the 9-character code that opens the participant's survey. */
export const exportSurveyAccessCode: ProjectHandler = (call) => {
  const t = participantOf(call);
  return plain(participantCodes(call.db, call.project.id, t).accessCode);
};

/** `content=surveyReturnCode`: the 8-character code to resume a response; only surveys with Save & Return have one. */
export const exportSurveyReturnCode: ProjectHandler = (call) => {
  const t = participantOf(call);
  if (t.survey.settings?.save_and_return !== '1') {
    throw badRequest(
      `The survey "${t.form}" does not have the "Save & Return Later" feature enabled, so it has no return codes`,
    );
  }
  return plain(participantCodes(call.db, call.project.id, t).returnCode);
};

/**
 * `content=surveyQueueLink`: the record's survey queue URL. The survey
 * queue is not modelled as a setting: any project with surveys has one.
 */
export const exportSurveyQueueLink: ProjectHandler = (call) => {
  requireRights(call, 'api_export');
  const record = call.params.text('record');
  if (record === '') throw badRequest('The parameter "record" is missing');
  if (call.project.info.surveys_enabled !== 1 || call.project.surveyForms.length === 0)
    throw badRequest('Surveys are not enabled in this project, so it has no survey queue');
  requireVisibleRecord(call, record);
  return plain(`${call.server.baseUrl}/surveys/?sq=${surveyQueueHash(call.db, call.project.id, record)}`);
};

const PARTICIPANT_HEADER = [
  'email',
  'email_occurrence',
  'identifier',
  'record',
  'invitation_sent_status',
  'invitation_send_time',
  'response_status',
  'survey_access_code',
  'survey_link',
];

/** The field holding participants' e-mail addresses: the survey's own, else the project's invitation field. */
function emailField(call: ProjectCall, survey: SurveyDefinition): string {
  const own = survey.settings?.email_participant_field ?? '';
  if (own !== '' && call.project.schema.field(own)) return own;
  const extras = projectExtras(call.db, call.project.id);
  const field = extras.settings?.SurveyInvitationEmailField ?? '';
  return call.project.schema.field(field) ? field : '';
}

/**
 * `content=participantList`: one participant per record of the event's
 * arm the caller can see (this server sends no invitations, so there are
 * no participants without a record). `response_status` is 0 with no
 * response, 1 for a started one (`[not completed]`), 2 once completed,
 * read from the survey's `<form>_timestamp`.
 */
export const exportParticipantList: ProjectHandler = (call) => {
  requireRights(call, 'api_export', 'manage_survey_participants');
  const survey = surveyOf(call);
  const { eventId } = eventOf(call, survey.form);
  const arm = call.project.eventArm.get(eventId) ?? 1;
  const records = [
    ...new Set(
      listRecords(call.db, call.project.id, call.user.groupId)
        .filter((r) => r.arm_num === arm)
        .map((r) => r.record),
    ),
  ];
  const field = emailField(call, survey);
  const storedValue = firstValueReader(call.db, call.project.id);
  const seen = new Map<string, number>();
  const rows = records.map((record) => {
    const email = field === '' ? '' : storedValue(record, field);
    const occurrence = (seen.get(email) ?? 0) + 1;
    if (email !== '') seen.set(email, occurrence);
    const stamp = storedValue(record, `${survey.form}_timestamp`, eventId);
    const codes = participantCodes(call.db, call.project.id, { form: survey.form, eventId, record, instance: 1 });
    return {
      email,
      email_occurrence: email === '' ? 1 : occurrence,
      identifier: storedValue(record, 'redcap_survey_identifier', eventId),
      record,
      invitation_sent_status: 0,
      invitation_send_time: '',
      response_status: stamp === '' ? 0 : stamp === '[not completed]' ? 1 : 2,
      survey_access_code: codes.accessCode,
      survey_link: surveyUrl(call, codes.hash),
    };
  });
  call.log({
    action: 'Export survey participant list (API)',
    logType: 'export',
    details: `instrument = '${survey.form}', ${rows.length} participants`,
  });
  return { contentType: CONTENT_TYPES[call.format], body: renderRows(rows, call.format, PARTICIPANT_HEADER) };
};
