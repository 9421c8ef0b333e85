/** What each kind of import brings in, the fields its columns can map to and the choices it offers. */
export type ImportKind = 'customers' | 'followups' | 'products';

export const KINDS: Array<[ImportKind, string]> = [
  ['customers', '客户'],
  ['followups', '跟进记录'],
  ['products', '产品'],
];

export const KIND_FIELDS: Record<ImportKind, Array<[string, string]>> = {
  customers: [
    ['name', '客户名称'],
    ['company', '公司'],
    ['phones', '手机/电话'],
    ['email', '邮箱'],
    ['tags', '标签'],
    ['owner', '负责人'],
    ['stage', '阶段'],
    ['level', '级别'],
    ['source', '来源'],
    ['industry', '行业'],
    ['notes', '备注'],
    ['unionid', '微信 unionid'],
    ['followUp', '跟进记录'],
    ['followUpAt', '跟进时间'],
    ['nextFollowUpAt', '下次跟进'],
  ],
  followups: [
    ['customer', '客户名称'],
    ['customerCode', '客户编号'],
    ['customerPhone', '客户电话'],
    ['at', '跟进时间'],
    ['channel', '跟进方式'],
    ['content', '跟进内容'],
    ['author', '跟进人'],
  ],
  products: [
    ['name', '产品名称'],
    ['sku', '编码/SKU'],
    ['unit', '单位'],
    ['listPrice', '单价（元）'],
    ['currency', '币种'],
    ['active', '启用'],
  ],
};

/** What a row of each kind is called in the preview's figures. */
export const KIND_NOUN: Record<ImportKind, string> = { customers: '客户', followups: '跟进记录', products: '产品' };
