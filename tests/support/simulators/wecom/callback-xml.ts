/** Plaintext callback documents in the exact layout of the official samples (wecom.md §1.5, §4). */

const cdata = (name: string, value: string) => `<${name}><![CDATA[${value}]]></${name}>`;

export interface ContactEventInput {
  corpId: string;
  changeType:
    | 'add_external_contact'
    | 'add_half_external_contact'
    | 'edit_external_contact'
    | 'del_external_contact'
    | 'del_follow_user'
    | 'transfer_fail'
    | string;
  userId: string;
  externalUserId: string;
  createTime?: number;
  state?: string;
  welcomeCode?: string;
  source?: string;
  failReason?: string;
}

export function contactEventXml(input: ContactEventInput): string {
  const parts = [
    '<xml>',
    cdata('ToUserName', input.corpId),
    cdata('FromUserName', 'sys'),
    `<CreateTime>${input.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime>`,
    cdata('MsgType', 'event'),
    cdata('Event', 'change_external_contact'),
    cdata('ChangeType', input.changeType),
    ...(input.failReason !== undefined ? [cdata('FailReason', input.failReason)] : []),
    cdata('UserID', input.userId),
    cdata('ExternalUserID', input.externalUserId),
    ...(input.state !== undefined ? [cdata('State', input.state)] : []),
    ...(input.welcomeCode !== undefined ? [cdata('WelcomeCode', input.welcomeCode)] : []),
    ...(input.source !== undefined ? [cdata('Source', input.source)] : []),
    '</xml>',
  ];
  return parts.join('');
}

export function tagEventXml(input: { corpId: string; id: string; tagType?: string; changeType: string; createTime?: number }): string {
  return [
    '<xml>',
    cdata('ToUserName', input.corpId),
    cdata('FromUserName', 'sys'),
    `<CreateTime>${input.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime>`,
    cdata('MsgType', 'event'),
    cdata('Event', 'change_external_tag'),
    cdata('Id', input.id),
    ...(input.tagType ? [cdata('TagType', input.tagType)] : []),
    cdata('ChangeType', input.changeType),
    '</xml>',
  ].join('');
}

export function textMessageXml(input: { corpId: string; from: string; content: string; msgId: string; agentId: number | string; createTime?: number }): string {
  return [
    '<xml>',
    cdata('ToUserName', input.corpId),
    '\n',
    cdata('FromUserName', input.from),
    '\n',
    `<CreateTime>${input.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime>\n`,
    cdata('MsgType', 'text'),
    '\n',
    cdata('Content', input.content),
    '\n',
    `<MsgId>${input.msgId}</MsgId>\n`,
    `<AgentID>${input.agentId}</AgentID>\n`,
    '</xml>',
  ].join('');
}
