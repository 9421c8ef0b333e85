import type { CreateCustomFieldDefinitionInput } from './custom-field-definition-input.js';

const opt = (value: string, zh: string, en: string) => ({ value, label: { zh, en } });

/**
 * The classic analysis dimensions every tenant starts with (admins relabel, extend or archive
 * them). Option values are short stable keys; the labels are what people see.
 */
export const DEFAULT_CUSTOM_FIELDS: readonly CreateCustomFieldDefinitionInput[] = [
  {
    key: 'visit_mode', label: { zh: '来访方式', en: 'Visit mode' }, type: 'single', segmentation: true, order: 10,
    options: [opt('phone', '电话', 'Phone'), opt('walk_in', '上门', 'Walk-in'), opt('online', '网络咨询', 'Online'), opt('referral', '转介绍', 'Referral'), opt('event', '展会活动', 'Event')],
  },
  {
    key: 'purchase_intent', label: { zh: '购买预期', en: 'Purchase intent' }, type: 'single', segmentation: true, order: 20,
    options: [opt('within_month', '一个月内', 'Within a month'), opt('within_quarter', '三个月内', 'Within a quarter'), opt('within_year', '一年内', 'Within a year'), opt('undecided', '不确定', 'Undecided')],
  },
  {
    key: 'message_source', label: { zh: '消息来源', en: 'Message source' }, type: 'single', segmentation: true, order: 30,
    options: [opt('search', '搜索引擎', 'Search engine'), opt('social', '社交媒体', 'Social media'), opt('ads', '广告', 'Advertising'), opt('friend', '朋友推荐', 'Word of mouth'), opt('other', '其他', 'Other')],
  },
  {
    key: 'customer_nature', label: { zh: '客户性质', en: 'Customer type' }, type: 'single', segmentation: true, order: 40,
    options: [opt('enterprise', '企业', 'Enterprise'), opt('individual', '个人', 'Individual'), opt('government', '政府机关', 'Government'), opt('agent', '代理商', 'Reseller')],
  },
  {
    key: 'product_needs', label: { zh: '产品需求', en: 'Product needs' }, type: 'multi', segmentation: true, order: 50,
    options: [opt('software', '软件', 'Software'), opt('hardware', '硬件', 'Hardware'), opt('service', '服务', 'Services'), opt('consulting', '咨询', 'Consulting')],
  },
  {
    key: 'gender', label: { zh: '性别', en: 'Gender' }, type: 'single', segmentation: true, order: 60,
    options: [opt('male', '男', 'Male'), opt('female', '女', 'Female')],
  },
  {
    key: 'occupation', label: { zh: '职业', en: 'Occupation' }, type: 'single', segmentation: true, order: 70,
    options: [opt('manager', '企业管理者', 'Executive'), opt('engineer', '技术人员', 'Engineer'), opt('teacher', '教师', 'Teacher'), opt('civil_servant', '公务员', 'Civil servant'), opt('freelancer', '自由职业', 'Freelancer'), opt('other', '其他', 'Other')],
  },
];
