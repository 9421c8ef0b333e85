import type { StageDefinition } from '../../crm/models/tenant.js';

/** The modal's callback_id, and its blocks' ids (the same id for block and element). */
export const FOLLOW_UP_CALLBACK_ID = 'crm_follow_up';
export const FOLLOW_UP_FIELDS = { content: 'content', date: 'next_date', stage: 'stage' } as const;

/** What the modal carries from the button to its submission (`private_metadata`, ≤ 3000 chars). */
export interface FollowUpModalContext {
  customerId: string;
  /** The pressed card's response_url (its card is replaced after the submission). */
  responseUrl?: string;
  channelId?: string;
  messageTs?: string;
  teamId?: string;
}

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

/**
 * The "log a follow-up" modal for `views.open`: what happened (required), the next contact date
 * (date picker) and the stage (select of the tenant's stages, current one preselected).
 */
export function followUpModal(context: FollowUpModalContext, stages: StageDefinition[], currentStage?: string): Record<string, unknown> {
  const options = stages.slice(0, 100).map((s) => ({ text: plain(s.name.slice(0, 75)), value: s.key.slice(0, 150) }));
  const current = options.find((o) => o.value === currentStage);
  return {
    type: 'modal',
    callback_id: FOLLOW_UP_CALLBACK_ID,
    private_metadata: JSON.stringify(context).slice(0, 3000),
    title: plain('记录跟进 / Log follow-up'),
    submit: plain('保存 / Save'),
    close: plain('取消 / Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: FOLLOW_UP_FIELDS.content,
        label: plain('跟进内容 / What happened'),
        element: { type: 'plain_text_input', action_id: FOLLOW_UP_FIELDS.content, multiline: true, max_length: 2000 },
      },
      {
        type: 'input',
        block_id: FOLLOW_UP_FIELDS.date,
        optional: true,
        label: plain('下次跟进 / Next follow-up'),
        element: { type: 'datepicker', action_id: FOLLOW_UP_FIELDS.date },
      },
      {
        type: 'input',
        block_id: FOLLOW_UP_FIELDS.stage,
        optional: true,
        label: plain('阶段 / Stage'),
        element: { type: 'static_select', action_id: FOLLOW_UP_FIELDS.stage, options, ...(current ? { initial_option: current } : {}) },
      },
    ],
  };
}
