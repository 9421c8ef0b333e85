// `npm run seed:demo`: fills the default tenant with demo staff, ~200 customers and their history, and
// WeCom external contacts for each sidebar path (bound / unbound with a candidate / unknown), then
// prints the dev-mode URLs to open. Uses the domain services, so the demo data is exactly what real
// use would produce (timeline, audit). Safe to run again: what exists is left alone.
// Where it writes: MONGODB_URI; else the embedded server of the ChatCRM running on DATA_DIR (it holds
// the data file, so the seed goes through it and the running service sees the data at once); else it
// opens the embedded data file itself.
import type { Types } from 'mongoose';
import { systemActor, type Actor } from '../src/crm/actor.js';
import { logFollowUp } from '../src/crm/activities/log-follow-up.js';
import { createCustomer } from '../src/crm/customers/create-customer.js';
import { updateCustomer } from '../src/crm/customers/update-customer.js';
import { Conflict } from '../src/errors.js';
import { Staff, type StaffDoc } from '../src/crm/models/staff.js';
import { createReminder } from '../src/crm/reminders/create-reminder.js';
import { upsertStaff } from '../src/crm/staff/upsert-staff.js';
import { ensureDefaultTenant } from '../src/crm/tenants/ensure-default-tenant.js';
import { loadConfigOrExit } from '../src/config.js';
import { openDatabaseForTool } from '../src/db/open-database.js';
import { DEMO_CONTACTS, demoActor, seedDemoContacts } from './support/seed-demo-contacts.js';

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const givenNames = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '晓东', '海燕', '志强', '建华', '文博', '思远', '雨萱'];
const cities = ['杭州', '上海', '苏州', '南京', '广州', '深圳', '厦门', '宁波', '合肥', '成都'];
const brands = ['云栖', '华信', '启明', '拓维', '恒通', '金桥', '星河', '远景', '同创', '易达', '博瑞', '嘉禾', '新程', '联科', '瑞丰'];
const kinds = ['科技', '贸易', '制造', '物流', '医疗器械', '教育科技', '食品', '新材料'];
const industries = ['软件', '制造业', '零售', '物流', '医疗', '教育', '餐饮', '能源'];
const sources = ['WeCom', '展会', '官网', '转介绍', '电话营销', '渠道'];
const tagPool = ['VIP', '大客户', '价格敏感', '决策人', '需要演示', '老客户', '竞品在用'];
const notes = [
  '电话沟通，对报价基本满意，需要内部审批',
  '微信发送了产品资料，客户表示会转给技术负责人',
  '上门拜访，演示了核心功能，客户关注数据安全',
  '客户询问年付折扣，已申请特价',
  '参加线上会议，确认了采购时间表',
  '客户反馈竞品价格更低，需要准备对比方案',
  '跟进合同条款，法务在审核',
  '回访使用情况，客户满意，有增购意向',
];
const channels = ['phone', 'wechat', 'meeting', 'visit', 'email'] as const;

let seed = 20261124;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const DAY = 86_400_000;

/** How many random customers (SEED_DEMO_CUSTOMERS, default 200). */
function customerCount(): number {
  const raw = process.env.SEED_DEMO_CUSTOMERS;
  const n = raw === undefined ? 200 : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) {
    console.error(`SEED_DEMO_CUSTOMERS must be a whole number from 0 to 100000 (got "${raw}")`);
    process.exit(2);
  }
  return n;
}

const DEMO_REP = 'liqiang';
const DEMO_MANAGER = 'wangjing';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const count = customerCount();
  const database = await openDatabaseForTool(config);
  if (database.sharedWithPid) console.log(`writing through the running ChatCRM's embedded server (pid ${database.sharedWithPid}, ${database.uri})`);
  else if (database.embeddedFile) console.log(`opened the embedded data file ${database.embeddedFile}`);
  try {
    const tenant = await ensureDefaultTenant({ timezone: config.DEFAULT_TIMEZONE });
    if (await Staff.exists({ tenantId: tenant._id, userId: 'demo.admin' })) console.log('demo staff and customers already present: kept as they are');
    else await seedStaffAndCustomers(tenant._id, count);
    const rep = await Staff.findOne({ tenantId: tenant._id, userId: DEMO_REP });
    if (!rep) throw new Error(`demo salesperson ${DEMO_REP} is missing: the demo data was changed by hand`);
    console.log((await seedDemoContacts(tenant._id, rep)) ? 'demo WeCom contacts: 3 created' : 'demo WeCom contacts already present');
    printUrls(config.PUBLIC_BASE_URL);
  } finally {
    await database.close();
  }
}

function printUrls(base: string): void {
  const sidebar = (externalUserId: string) => `${base}/sidebar/?devUser=${DEMO_REP}&externalUserId=${externalUserId}`;
  console.log(`
Open in a browser (the service must run with ALLOW_DEV_LOGIN=1):
  sidebar, bound contact:              ${sidebar(DEMO_CONTACTS.bound)}
  sidebar, unbound with a candidate:   ${sidebar(DEMO_CONTACTS.candidate)}
  sidebar, unknown contact (create):   ${sidebar(DEMO_CONTACTS.unknown)}
  sidebar, contact not synced yet:     ${sidebar(DEMO_CONTACTS.notSynced)}
  manager dashboard:                   ${base}/sidebar/dashboard.html?devUser=${DEMO_MANAGER}`);
}

async function seedStaffAndCustomers(tenantId: Types.ObjectId, count: number): Promise<void> {
  const seeder = systemActor(tenantId, 'import');
  const people: Array<[string, string, 'sales' | 'manager' | 'admin', string[]]> = [
    ['demo.admin', '系统管理员', 'admin', []],
    ['wangjing', '王静', 'manager', ['华东销售部']],
    ['liqiang', '李强', 'sales', ['华东销售部']],
    ['zhangmin', '张敏', 'sales', ['华东销售部']],
    ['chenjie', '陈杰', 'sales', ['华东销售部']],
    ['huanglei', '黄磊', 'manager', ['华南销售部']],
    ['zhoufang', '周芳', 'sales', ['华南销售部']],
    ['wuyang', '吴洋', 'sales', ['华南销售部']],
  ];
  const staff: StaffDoc[] = [];
  for (const [userId, name, role, departments] of people) {
    staff.push(await upsertStaff(seeder, tenantId, { userId, name, role, departments }));
  }
  const reps = staff.filter((s) => s.role === 'sales');
  const actorFor = (s: StaffDoc): Actor => demoActor(tenantId, s);
  const stageWeights = ['lead', 'lead', 'lead', 'intent', 'intent', 'negotiating', 'won', 'lost'];
  let customers = 0;
  let activities = 0;
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const rep = pick(reps);
    const actor = actorFor(rep);
    const city = pick(cities);
    const customer = await createCustomer(actor, {
      name: pick(surnames) + pick(givenNames),
      company: `${city}${pick(brands)}${pick(kinds)}有限公司`,
      phones: [`1${pick(['38', '39', '58', '86', '77'])}${String(10_000_000 + Math.floor(random() * 89_999_999)).slice(0, 8)}`],
      source: pick(sources),
      industry: pick(industries),
      level: pick(['A', 'B', 'C']),
      tags: [...new Set([pick(tagPool), pick(tagPool)])].slice(0, 1 + Math.floor(random() * 2)),
      contactCycleDays: pick([7, 14, 30]),
    }).catch((error: unknown) => {
      if (error instanceof Conflict) return null; // a rare duplicate random phone: skip that one
      throw error;
    });
    if (!customer) continue;
    customers++;
    const followUps = Math.floor(random() * 4);
    for (let f = followUps; f > 0; f--) {
      const at = new Date(now - f * (2 + Math.floor(random() * 10)) * DAY - Math.floor(random() * DAY));
      await logFollowUp(actor, customer._id, {
        content: pick(notes),
        channel: pick(channels),
        at,
        nextFollowUpAt: new Date(at.getTime() + pick([3, 7, 14]) * DAY),
      });
      activities++;
    }
    const stage = pick(stageWeights);
    if (stage !== 'lead') {
      await updateCustomer(actor, customer._id, { stage });
      activities++;
    }
    if (random() < 0.15) {
      await createReminder(actor, { customerId: String(customer._id), dueAt: new Date(now + Math.floor(random() * 5) * DAY), text: '回访报价进展' });
    }
  }
  console.log(`demo data: ${staff.length} staff in 2 departments, ${customers} customers, ${activities} timeline entries`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
