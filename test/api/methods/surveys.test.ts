import { describe, expect, test } from 'vitest';
import { sent } from './sent.js';

const text = { headers: { 'content-type': 'text/html; charset=utf-8' } };

describe('surveys', () => {
  test('links and codes are plain text', async () => {
    const link = await sent((p) => p.exportSurveyLink(3, 'followup', { event: 'week_1_arm_1', repeatInstance: 2 }), {
      body: 'https://redcap.test/surveys/?s=ABCDEFGH12345678\n',
      ...text,
    });
    expect(link.params).toEqual({
      content: 'surveyLink',
      format: 'json',
      record: '3',
      instrument: 'followup',
      event: 'week_1_arm_1',
      repeat_instance: '2',
    });
    expect(link.result).toBe('https://redcap.test/surveys/?s=ABCDEFGH12345678');
    const queue = await sent((p) => p.exportSurveyQueueLink('3'), {
      body: 'https://redcap.test/surveys/?sq=abc',
      ...text,
    });
    expect(queue.params).toEqual({ content: 'surveyQueueLink', format: 'json', record: '3' });
    expect(queue.result).toBe('https://redcap.test/surveys/?sq=abc');
    const access = await sent((p) => p.exportSurveyAccessCode('3', 'followup'), { body: 'N8JTPXLCK', ...text });
    expect(access.params).toEqual({ content: 'surveyAccessCode', format: 'json', record: '3', instrument: 'followup' });
    expect(access.result).toBe('N8JTPXLCK');
    const ret = await sent((p) => p.exportSurveyReturnCode('3', 'followup'), { body: 'TCPNK7LA', ...text });
    expect(ret.params).toEqual({ content: 'surveyReturnCode', format: 'json', record: '3', instrument: 'followup' });
    expect(ret.result).toBe('TCPNK7LA');
  });

  test('participants', async () => {
    const row = {
      email: 'p@x.org',
      email_occurrence: 1,
      identifier: '',
      record: '3',
      invitation_sent_status: 0,
      invitation_send_time: '',
      response_status: 2,
      survey_access_code: 'N8JTPXLCK',
      survey_link: 'https://redcap.test/surveys/?s=X',
    };
    const { params, result } = await sent((p) => p.exportSurveyParticipants('followup', { event: 'week_1_arm_1' }), {
      body: [row],
    });
    expect(params).toEqual({
      content: 'participantList',
      format: 'json',
      instrument: 'followup',
      event: 'week_1_arm_1',
    });
    expect(result).toEqual([row]);
  });
});
