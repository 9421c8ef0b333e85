import type { FollowUpChannel } from '../../src/crm/models/activity.js';

const RULES: [RegExp, FollowUpChannel][] = [
  [/电话|致电|通话|打给|来电|\bcall(ed)?\b|\bphone\b/i, 'phone'],
  [/微信|企微|wechat|\bwx\b/i, 'wechat'],
  [/拜访|上门|登门|\bvisit(ed)?\b/i, 'visit'],
  [/见面|面谈|会议|开会|会面|\bmeet(ing)?\b|\bmet\b/i, 'meeting'],
  [/邮件|邮箱|\be-?mail(ed)?\b/i, 'email'],
];

/** How the contact happened, read from the note ("电话沟通…" → phone); the earliest keyword wins. */
export function inferChannel(content: string): FollowUpChannel | undefined {
  let best: { at: number; channel: FollowUpChannel } | undefined;
  for (const [re, channel] of RULES) {
    const m = re.exec(content);
    if (m && (best === undefined || m.index < best.at)) best = { at: m.index, channel };
  }
  return best?.channel;
}
