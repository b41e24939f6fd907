/**
 * Survey participants (`content=participantList`).
 */
export interface SurveyParticipant {
  email: string;
  email_occurrence: number;
  identifier: string;
  record: string;
  invitation_sent_status: number;
  invitation_send_time: string;
  response_status: number;
  survey_access_code: string;
  survey_link: string;
  [key: string]: unknown;
}
