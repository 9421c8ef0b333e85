/** The content part of a message/send request (recipients and agentid are added by the client). */
export type WecomMessageContent =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt?: string } }
  | { msgtype: 'template_card'; template_card: Record<string, unknown> };

export interface WecomRecipients {
  /** UserIDs joined with `|` by the client; ≤1000. */
  touser?: string[];
  toparty?: string[];
  totag?: string[];
}
