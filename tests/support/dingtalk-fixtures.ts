/** Shaped like the doc sample of a group robot message (receive-message, HTTP mode). */
export function robotMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    conversationId: 'cidXXXXXXXX==',
    atUsers: [{ dingtalkId: '$:LWCP_v1:$bot' }],
    chatbotCorpId: 'dinge8a565xxxx',
    chatbotUserId: '$:LWCP_v1:$bot',
    msgId: 'msgdHtbXXXXXXXX==',
    senderNick: '王五',
    isAdmin: true,
    senderStaffId: 'manager8312',
    sessionWebhookExpiredTime: 1613635652738,
    createAt: 1613630252678,
    senderCorpId: 'dinge8a565xxxx',
    conversationType: '2',
    senderId: '$:LWCP_v1:$sender',
    conversationTitle: '销售群',
    isInAtList: true,
    sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=abc',
    text: { content: ' /customer 华为 ' },
    robotCode: 'dingrobot123',
    msgtype: 'text',
    ...overrides,
  };
}
