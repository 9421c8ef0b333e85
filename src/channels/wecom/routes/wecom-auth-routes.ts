import { z } from 'zod';
import { resolveWecomStaff } from '../resolve-wecom-staff.js';
import type { WecomRuntime } from '../wecom-runtime.js';
import { Forbidden, Unavailable } from '../../../errors.js';
import type { AppContext, AppRouter } from '../../../http/app-context.js';
import type { AppDeps } from '../../../app/app-module.js';
import { issueAccessToken } from '../../../http/auth/access-token.js';
import { recordSignIn } from '../../../crm/audit/record-sign-in.js';
import { readJsonBody, readQuery } from '../../../http/read-body.js';

const OAUTH_AUTHORIZE = 'https://open.weixin.qq.com/connect/oauth2/authorize';

const authorizeQuery = z
  .object({
    // A path on this service only: an absolute or protocol-relative URL would make this an open redirect.
    returnTo: z
      .string()
      .max(1024)
      .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path on this site'),
    // WeCom: [a-zA-Z0-9], at most 128 bytes (wecom.md §5.4).
    state: z.string().regex(/^[A-Za-z0-9]{1,128}$/),
  })
  .strict();

/**
 * Runs a WeCom call for an anonymous caller. WeCom's error text (errcode, errmsg, hints naming our
 * configuration, our egress IP) is for our log; the caller gets one message of ours.
 */
async function askWecom<T>(ctx: AppContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    ctx.state.log.warn({ err: { name: error.name, message: error.message } }, 'WeCom sign-in call failed');
    throw new Unavailable('WeCom sign-in is temporarily unavailable; try again shortly');
  }
}

const loginBody = z.object({ code: z.string().trim().min(1).max(512) }).strict();

/**
 * Staff identity for the sidebar, from WeCom only.
 * GET  /api/auth/wecom/authorize — 302 to WeCom's OAuth2 (snsapi_base, silent) returning to the page.
 * POST /api/auth/wecom { code }  — the server exchanges the code with WeCom (auth/getuserinfo) and
 *      issues the app's short-lived JWT for the member WeCom named. No client-supplied id is trusted.
 */
export function wecomAuthRoutes(router: AppRouter, deps: AppDeps, runtime: WecomRuntime): void {
  router.get('/api/auth/wecom/authorize', async (ctx) => {
    const { returnTo, state } = readQuery(ctx, authorizeQuery);
    const client = runtime.clientForTenant(deps.defaultTenantId);
    const target = new URL(OAUTH_AUTHORIZE);
    target.searchParams.set('appid', client.corpId);
    target.searchParams.set('redirect_uri', new URL(returnTo, deps.config.PUBLIC_BASE_URL).toString());
    target.searchParams.set('response_type', 'code');
    target.searchParams.set('scope', 'snsapi_base');
    target.searchParams.set('state', state);
    if (client.agentId) target.searchParams.set('agentid', client.agentId);
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(`${target.toString()}#wechat_redirect`);
  });

  router.post('/api/auth/wecom', async (ctx) => {
    const { code } = await readJsonBody(ctx, loginBody);
    const tenantId = deps.defaultTenantId;
    const client = runtime.clientForTenant(tenantId);
    const who = await askWecom(ctx, () => client.getUserInfoByCode(code));
    // Non-members (WeChat users, external contacts) get an openid instead of a userid.
    if (!who.userid) throw new Forbidden('only members of this WeCom organisation can use the sidebar');
    // A member WeCom vouches for and the CRM doesn't know yet is provisioned (name, departments) with the least role.
    const staff = (await askWecom(ctx, () => resolveWecomStaff(tenantId, [who.userid!], client))).get(who.userid);
    if (!staff) throw new Forbidden('this WeCom member id cannot be used in the CRM');
    if (!staff.active) throw new Forbidden('this CRM account is deactivated; ask an admin');
    await recordSignIn(staff, 'wecom');
    const issued = issueAccessToken(
      { secret: deps.config.JWT_SECRET, ttlSeconds: deps.config.JWT_TTL_SECONDS },
      { staffId: String(staff._id), tenantId: String(tenantId) },
    );
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { token: issued.token, expiresIn: issued.expiresIn, staffId: String(staff._id), tenantId: String(tenantId) };
  });
}
