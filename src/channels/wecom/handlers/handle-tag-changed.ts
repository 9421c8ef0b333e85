import { syncCorpTags } from '../../../crm/contacts/sync-corp-tags.js';
import type { InboxHandler } from '../../../inbox/inbox-handlers.js';
import { PermanentHandlerError } from '../../../inbox/permanent-handler-error.js';
import type { WecomHandlerDeps } from './handler-deps.js';

/** change_external_tag: re-read the whole dictionary (order-independent, and covers lost events). */
export function handleTagChanged(deps: WecomHandlerDeps): InboxHandler {
  return async (event) => {
    if (event.tenantId !== String(deps.tenantId)) throw new PermanentHandlerError(`no WeCom app is configured for tenant ${event.tenantId}`);
    const groups = await deps.client().getCorpTagList();
    await syncCorpTags(
      deps.tenantId,
      groups.map((g) => ({
        groupId: g.group_id,
        groupName: g.group_name,
        tags: g.tag.map((t) => ({ id: t.id, name: t.name, order: t.order, deleted: Boolean(t.deleted || g.deleted) })),
      })),
      deps.now?.() ?? new Date(),
    );
  };
}
