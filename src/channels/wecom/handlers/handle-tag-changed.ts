import { syncCorpTags } from '../../../crm/contacts/sync-corp-tags.js';
import type { InboxHandler } from '../../../queue/inbox/inbox-handlers.js';
import { corpTagsFromWecom } from '../read-contact-from-wecom.js';
import { assertConfiguredTenant, type WecomHandlerDeps } from './handler-deps.js';

/** change_external_tag: re-read the whole dictionary (order-independent, and covers lost events). */
export function handleTagChanged(deps: WecomHandlerDeps): InboxHandler<'tag.changed'> {
  return async (event) => {
    assertConfiguredTenant(event, deps);
    const groups = await deps.client().getCorpTagList();
    await syncCorpTags(deps.tenantId, corpTagsFromWecom(groups), deps.now?.() ?? new Date());
  };
}
