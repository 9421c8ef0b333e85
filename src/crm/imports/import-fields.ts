/** The customer fields a column can fill, with the headers (zh/en) that map to them automatically. */
export const IMPORT_FIELDS = {
  name: ['客户名称', '客户名', '客户', '名称', '姓名', '联系人', 'name', 'customer', 'customer name', 'full name', 'contact name', 'client'],
  company: ['公司', '公司名称', '单位', '企业', '企业名称', '工作单位', 'company', 'company name', 'organization', 'organisation', 'org', 'account'],
  phones: ['手机', '手机号', '手机号码', '电话', '电话号码', '联系电话', '联系方式', '座机', '手机2', '电话2', 'mobile', 'phone', 'phone number', 'tel', 'telephone', 'cell', 'mobile phone'],
  email: ['邮箱', '电子邮箱', '邮件', '电子邮件', 'email', 'e-mail', 'mail', 'email address'],
  tags: ['标签', '客户标签', 'tags', 'tag', 'labels', 'label'],
  owner: ['负责人', '所属人', '归属人', '销售', '销售人员', '跟进人', '客户经理', 'owner', 'sales rep', 'salesperson', 'account owner', 'assigned to'],
  stage: ['阶段', '客户阶段', '销售阶段', '客户状态', 'stage', 'status', 'sales stage'],
  level: ['级别', '客户级别', '等级', '客户等级', 'level', 'grade', 'rating', 'tier', 'priority'],
  source: ['来源', '客户来源', '渠道', 'source', 'lead source', 'channel'],
  industry: ['行业', '所属行业', 'industry', 'sector'],
  notes: ['备注', '说明', '描述', '备注信息', 'notes', 'note', 'remark', 'remarks', 'comment', 'comments', 'description'],
  unionid: ['unionid', 'union id', '微信unionid', 'wechat unionid'],
  followUp: ['跟进记录', '跟进内容', '最近跟进', '跟进情况', 'follow-up', 'follow up', 'last follow-up', 'followup'],
  followUpAt: ['跟进时间', '跟进日期', '最近跟进时间', '最后联系时间', 'follow-up date', 'follow-up time', 'last contact', 'last contacted'],
  nextFollowUpAt: ['下次跟进', '下次跟进时间', '下次联系时间', 'next follow-up', 'next follow up', 'next contact'],
} as const satisfies Record<string, readonly string[]>;

export type ImportField = keyof typeof IMPORT_FIELDS;
export const IMPORT_FIELD_NAMES = Object.keys(IMPORT_FIELDS) as ImportField[];

/** Fields that several columns may fill at once (手机 and 电话 both go to phones). */
export const MULTI_COLUMN_FIELDS: readonly ImportField[] = ['phones', 'tags'];

/** How a header is compared: width-folded, lower case, no spaces, punctuation or trailing "(…)". */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[（(][^)）]*[)）]\s*$/u, '')
    .replace(/[\s_\-*:：.·]/gu, '');
}

/** The field a header names, if any (a linear look through ~150 aliases: called once per column). */
export function fieldForHeader(header: string): ImportField | undefined {
  const key = headerKey(header);
  return IMPORT_FIELD_NAMES.find((field) => IMPORT_FIELDS[field].some((alias) => headerKey(alias) === key));
}
