import type { AppModule } from '../../app/app-module.js';
import { createCustomFieldDefinitionSchema, updateCustomFieldDefinitionSchema } from '../../crm/custom-fields/custom-field-definition-input.js';
import { toCustomFieldDefinitionView } from '../../crm/custom-fields/custom-field-definition-view.js';
import { createCustomFieldDefinition } from '../../crm/custom-fields/create-custom-field-definition.js';
import { listCustomFieldDefinitions } from '../../crm/custom-fields/list-custom-field-definitions.js';
import { updateCustomFieldDefinition } from '../../crm/custom-fields/update-custom-field-definition.js';
import { actorOf } from '../../http/actor-of.js';
import { authenticate } from '../../http/auth/authenticate.js';
import { requirePermission } from '../../http/auth/require-permission.js';
import { readJsonBody } from '../../http/read-body.js';

/**
 * The tenant's custom fields:
 *   GET    /api/custom-fields                  everyone (forms and cards render from it; archived left out)
 *   GET    /api/admin/custom-fields            admins, archived included
 *   POST   /api/admin/custom-fields            define one
 *   PATCH  /api/admin/custom-fields/:key       relabel, reorder, options, required, segmentation, archived
 *   DELETE /api/admin/custom-fields/:key       archive (values already stored stay readable)
 */
export const customFieldsModule: AppModule = {
  name: 'custom-fields',
  setup(deps, router) {
    const auth = authenticate(deps);
    const admin = [auth] as const;
    const limit = deps.config.BODY_LIMIT_BYTES;

    router.get('/api/custom-fields', auth, requirePermission('settings', 'view'), async (ctx) => {
      ctx.body = { items: (await listCustomFieldDefinitions(actorOf(ctx).tenantId)).map(toCustomFieldDefinitionView) };
    });

    router.get('/api/admin/custom-fields', ...admin, requirePermission('settings', 'admin'), async (ctx) => {
      const items = await listCustomFieldDefinitions(actorOf(ctx).tenantId, { includeArchived: true });
      ctx.body = { items: items.map(toCustomFieldDefinitionView) };
    });

    router.post('/api/admin/custom-fields', ...admin, requirePermission('settings', 'admin'), async (ctx) => {
      const input = await readJsonBody(ctx, createCustomFieldDefinitionSchema, limit);
      ctx.status = 201;
      ctx.body = toCustomFieldDefinitionView(await createCustomFieldDefinition(actorOf(ctx), input));
    });

    router.patch('/api/admin/custom-fields/:key', ...admin, requirePermission('settings', 'admin'), async (ctx) => {
      const patch = await readJsonBody(ctx, updateCustomFieldDefinitionSchema, limit);
      ctx.body = toCustomFieldDefinitionView(await updateCustomFieldDefinition(actorOf(ctx), ctx.params.key!, patch));
    });

    router.delete('/api/admin/custom-fields/:key', ...admin, requirePermission('settings', 'admin'), async (ctx) => {
      ctx.body = toCustomFieldDefinitionView(await updateCustomFieldDefinition(actorOf(ctx), ctx.params.key!, { archived: true }));
    });
  },
};
