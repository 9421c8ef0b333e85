import { Types } from 'mongoose';
import { z } from 'zod';
import { systemActor } from '../../crm/actor.js';
import { recordSignIn } from '../../crm/audit/record-sign-in.js';
import { NotFound } from '../../errors.js';
import { Tenant } from '../../crm/models/tenant.js';
import { staffInputSchema, upsertStaff } from '../../crm/staff/upsert-staff.js';
import type { AppModule } from '../../app/app-module.js';
import { issueAccessToken } from '../../http/auth/access-token.js';
import { readJsonBody } from '../../http/read-body.js';

const devLoginSchema = staffInputSchema
  .pick({ userId: true, name: true, role: true, departments: true })
  .extend({
    /** An existing tenant id, or a slug: a tenant with that slug is created if needed (multi-tenant tests). */
    tenantId: z.string().trim().regex(/^[\w-]{1,40}$/).optional(),
  })
  .strict();

async function resolveTenant(defaultTenantId: Types.ObjectId, ref: string | undefined): Promise<Types.ObjectId> {
  if (!ref) return defaultTenantId;
  if (Types.ObjectId.isValid(ref) && /^[a-f0-9]{24}$/i.test(ref)) {
    const tenant = await Tenant.findById(ref, { _id: 1 }).lean();
    if (!tenant) throw new NotFound('tenant');
    return tenant._id;
  }
  const tenant = await Tenant.findOneAndUpdate({ slug: ref }, { $setOnInsert: { slug: ref, name: ref } }, { upsert: true, new: true });
  return tenant!._id;
}

/**
 * POST /api/auth/dev — sign in as any staff member, for local development and tests only.
 * Exists only when ALLOW_DEV_LOGIN=1 (never in production: config refuses it); otherwise 404.
 * Fields left out change nothing: signing in as an existing `userId` without `role` keeps the role
 * (and name, departments) stored for them; a new staff member starts as `sales`.
 */
export const devAuthModule: AppModule = {
  name: 'dev-auth',
  setup(deps, router) {
    router.post('/api/auth/dev', async (ctx) => {
      if (!deps.config.ALLOW_DEV_LOGIN || deps.config.NODE_ENV === 'production') throw new NotFound('route');
      const input = await readJsonBody(ctx, devLoginSchema, deps.config.BODY_LIMIT_BYTES);
      const tenantId = await resolveTenant(deps.defaultTenantId, input.tenantId);
      const { tenantId: _ignored, ...staffInput } = input;
      const staff = await upsertStaff({ ...systemActor(tenantId, 'api'), name: 'dev-login' }, tenantId, staffInput);
      await recordSignIn(staff, 'dev');
      const issued = issueAccessToken(
        { secret: deps.config.JWT_SECRET, ttlSeconds: deps.config.JWT_TTL_SECONDS },
        { staffId: String(staff._id), tenantId: String(tenantId) },
      );
      ctx.body = { token: issued.token, expiresIn: issued.expiresIn, staffId: String(staff._id), tenantId: String(tenantId) };
    });
  },
};
