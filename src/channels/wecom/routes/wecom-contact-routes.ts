import { contactRead } from '../../../crm/contacts/contact-changes.js';
import { findContactInScope } from '../../../crm/contacts/find-contact-in-scope.js';
import { listCorpTags } from '../../../crm/contacts/list-corp-tags.js';
import { markContactCorpTags } from '../../../crm/contacts/mark-contact-corp-tags.js';
import { markCorpTagsSchema } from '../../../crm/contacts/corp-tag-input.js';
import { recordContactChange } from '../../../crm/contacts/record-contact-change.js';
import { toContactView } from '../../../crm/contacts/contact-view.js';
import { syncCorpTags } from '../../../crm/contacts/sync-corp-tags.js';
import { Conflict, InvalidInput, NotFound } from '../../../errors.js';
import { actorOf } from '../../../http/actor-of.js';
import type { AppContext, AppRouter } from '../../../http/app-context.js';
import type { AppDeps } from '../../../app/app-module.js';
import { authenticate } from '../../../http/auth/authenticate.js';
import { requirePermission } from '../../../http/auth/require-permission.js';
import { readJsonBody } from '../../../http/read-body.js';
import { WecomApiError } from '../api/api-errors.js';
import { corpTagsFromWecom, readContactFromWecom } from '../read-contact-from-wecom.js';
import { resolveWecomStaff, staffLookupOf } from '../resolve-wecom-staff.js';
import type { WecomRuntime } from '../wecom-runtime.js';

const EXTERNAL_USER_ID = /^[\w-]{1,128}$/;

function externalUserIdParam(ctx: AppContext): string {
  const id = String(ctx.params.externalUserId ?? '');
  if (!EXTERNAL_USER_ID.test(id)) throw new NotFound('contact');
  return id;
}

/** mark_tag's answers that mean "this request can't work", as the errors the API maps to 400/409. */
function markTagError(error: unknown): unknown {
  if (!(error instanceof WecomApiError)) return error;
  if (error.errcode === 40068) return new InvalidInput('invalid input: add: WeCom does not know one of these tags; reload the tag list', [{ path: 'add', message: 'unknown tag in WeCom' }]);
  if (error.errcode === 84061 || error.errcode === 40096) return new Conflict('externalUserId: this client is no longer your WeCom contact');
  if (error.errcode === 40003) return new Conflict('userid: your account is not a WeCom member this app can see');
  return error;
}

/**
 * The sidebar's WeCom-only actions on the contact of the current chat:
 * GET  /api/wecom/corp-tags                               → { groups: [{ groupId, groupName, tags: [{ tagId, name }] }] }
 * POST /api/wecom/contacts/:externalUserId/corp-tags     { add?: tagId[], remove?: tagId[] } → { contact }
 *      written to WeCom through externalcontact/mark_tag, then recorded (timeline `tagged`, audit)
 * POST /api/wecom/contacts/:externalUserId/sync          → { contact } read now from WeCom (a contact the
 *      callbacks have not brought in yet); 404 when WeCom doesn't know it or it is not the caller's
 */
export function wecomContactRoutes(router: AppRouter, deps: AppDeps, runtime: WecomRuntime): void {
  const auth = authenticate(deps);
  const limit = deps.config.BODY_LIMIT_BYTES;
  const configured = Boolean(deps.config.WECOM_CORP_ID && deps.config.WECOM_SECRET);

  router.get('/api/wecom/corp-tags', auth, requirePermission('contacts', 'view'), async (ctx) => {
    const actor = actorOf(ctx);
    let groups = await listCorpTags(actor.tenantId);
    // Before the first tag event or nightly sync the dictionary is empty: read it from WeCom once.
    if (groups.length === 0 && configured) {
      const client = await runtime.clientForTenantAsync(actor.tenantId, { requireAgent: false });
      await syncCorpTags(actor.tenantId, corpTagsFromWecom(await client.getCorpTagList()));
      groups = await listCorpTags(actor.tenantId);
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { groups };
  });

  router.post('/api/wecom/contacts/:externalUserId/corp-tags', auth, requirePermission('contacts', 'edit'), async (ctx) => {
    const actor = actorOf(ctx);
    const id = externalUserIdParam(ctx);
    const input = await readJsonBody(ctx, markCorpTagsSchema, limit);
    const contact = await markContactCorpTags(actor, id, input, async ({ userId, externalUserId, add, remove }) => {
      const client = await runtime.clientForTenantAsync(actor.tenantId, { requireAgent: false });
      try {
        await client.markTag({ userId, externalUserId, addTag: add, removeTag: remove });
      } catch (error) {
        throw markTagError(error);
      }
    });
    ctx.body = { contact: await toContactView(contact) };
  });

  router.post('/api/wecom/contacts/:externalUserId/sync', auth, requirePermission('contacts', 'edit'), async (ctx) => {
    const actor = actorOf(ctx);
    const id = externalUserIdParam(ctx);
    const client = await runtime.clientForTenantAsync(actor.tenantId, { requireAgent: false });
    const read = await readContactFromWecom(client, id);
    if (!read || read.followUsers.length === 0) throw new NotFound('contact');
    const staff = await resolveWecomStaff(actor.tenantId, read.followUsers.map((f) => f.userId), client);
    await recordContactChange(actor.tenantId, id, contactRead(read, staffLookupOf(staff)));
    // Only now can we tell whether the caller may see it (they follow it, or its customer is theirs).
    ctx.body = { contact: await toContactView(await findContactInScope(actor, id)) };
  });
}
