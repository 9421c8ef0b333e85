import type { TagChangedPayload } from './payloads.js';
import { wecomDedupeKey } from './dedupe-key.js';
import { occurredAt, optionalField } from './fields.js';
import type { WecomNormalizer } from './normalizer.js';

/** Corp tag dictionary changed (create | update | delete | shuffle); the handler re-reads the tag list. */
export const normalizeChangeExternalTag: WecomNormalizer = (fields, context) => {
  const changeType = optionalField(fields, 'ChangeType');
  if (!changeType) return null;
  const payload: TagChangedPayload = { changeType, occurredAt: occurredAt(fields, context.receivedAt) };
  const id = optionalField(fields, 'Id');
  const tagType = optionalField(fields, 'TagType');
  const strategyId = optionalField(fields, 'StrategyId');
  if (id) payload.id = id;
  if (tagType) payload.tagType = tagType;
  if (strategyId) payload.strategyId = strategyId;
  return {
    tenantId: context.tenantId,
    platform: 'wecom',
    dedupeKey: wecomDedupeKey(fields, context.plaintext),
    kind: 'tag.changed',
    payload,
    receivedAt: context.receivedAt,
  };
};
