import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemActor, type Actor } from '../../src/crm/actor.js';
import { createCustomer } from '../../src/crm/customers/create-customer.js';
import { updateCustomer } from '../../src/crm/customers/update-customer.js';
import { Customer } from '../../src/crm/models/customer.js';
import type { StaffDoc } from '../../src/crm/models/staff.js';
import { Tenant } from '../../src/crm/models/tenant.js';
import { upsertStaff } from '../../src/crm/staff/upsert-staff.js';
import { createSurveyTemplate } from '../../src/crm/surveys/save-survey-template.js';
import { surveyLinkSignerFromConfig } from '../../src/crm/surveys/survey-link-signer.js';
import { SurveyInvitation } from '../../src/crm/surveys/survey-invitation-model.js';
import { runCommandForStaff } from '../../src/features/commands/run-command-for-staff.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { MessageBody } from '../../src/messaging/outbound-message.js';
import { renderersUnderTest } from '../support/renderers-under-test.js';
import { useTestDatabase } from '../support/test-db.js';
import { serviceTemplate } from './survey-fixtures.js';

let db: Awaited<ReturnType<typeof useTestDatabase>>;
let tenantId: Types.ObjectId;
let wang: StaffDoc;
let seq = 0;
const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'https://crm.example.com' });
const signer = surveyLinkSignerFromConfig(config);

const text = (b: MessageBody) => (b.type === 'text' ? b.text : b.type === 'markdown' ? b.markdown : b.card.title);
async function run(line: string) {
  const outcome = await runCommandForStaff(
    { tenantId, platform: 'dingtalk', staff: wang, platformUserId: wang.userId, text: line, eventKey: `survey-cmd:${++seq}`, receivedAt: new Date() },
    { logger: createLogger('silent'), defaultTimeZone: 'Asia/Shanghai', renderers: renderersUnderTest(), surveyLinks: { signer, baseUrl: config.PUBLIC_BASE_URL } },
  );
  return { status: outcome.status, text: text(outcome.reply) };
}

beforeAll(async () => {
  db = await useTestDatabase();
  tenantId = (await Tenant.create({ slug: `t-${new Types.ObjectId().toHexString()}`, name: '问卷公司', timezone: 'Asia/Shanghai' }))._id;
  wang = await upsertStaff(systemActor(tenantId, 'import'), tenantId, { userId: 'wang', name: '王销售', role: 'sales', departments: ['east'] });
  const asWang: Actor = { tenantId, staffId: wang._id, role: 'sales', departments: ['east'], source: 'import', name: wang.name };
  await createSurveyTemplate({ ...systemActor(tenantId, 'api') }, serviceTemplate);
  await createCustomer(asWang, { name: '张三' });
  const refuser = await createCustomer(asWang, { name: '拒绝者' });
  await updateCustomer(asWang, refuser._id, { doNotSurvey: true });
});
afterAll(async () => {
  await db.drop();
});

test('/问卷 张三 returns a link to paste, and the link opens the invitation it made', async () => {
  const reply = await run('/问卷 张三');
  expect(reply.status).toBe('ok');
  const url = /https:\/\/crm\.example\.com\/s\/(\S+)/.exec(reply.text)?.[1];
  expect(url).toBeDefined();
  const claims = signer.verify(url!);
  expect(claims).not.toBeNull();
  const invitation = await SurveyInvitation.findById(claims!.invitationId).lean();
  expect(invitation).toMatchObject({ templateKey: 'service', staffId: wang._id });
  expect(reply.text).toContain('服务满意度');
});

test('/survey refuses a do-not-survey customer with a clear reply and makes nothing', async () => {
  const before = await SurveyInvitation.countDocuments({ tenantId });
  const reply = await run('/问卷 拒绝者');
  expect(reply.text).toContain('不接受调查');
  expect(reply.text).not.toContain('/s/');
  const refuser = await Customer.findOne({ tenantId, name: '拒绝者' }).lean();
  // An English word after an English command word: answered in English.
  const english = await run(`/survey ${refuser!.code} service`);
  expect(english.text).toContain('does not accept surveys');
  expect(await SurveyInvitation.countDocuments({ tenantId })).toBe(before);
});

test('an unknown template is named with the ones available', async () => {
  const reply = await run('/问卷 张三 nope');
  expect(reply.text).toContain('没有问卷模板「nope」');
  expect(reply.text).toContain('service（服务满意度）');
});
