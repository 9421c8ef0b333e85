import type { Actor } from '../actor.js';
import { Unauthenticated } from '../../errors.js';
import { buildDigest, findRecipient, loadDigestTenant } from './build-digest.js';
import type { DigestKind } from './digest-schedule.js';
import type { ChatDocument } from '../../messaging/chat-document.js';
import { buildDigestDocument } from './build-digest-document.js';
import type { Digest } from './digest-types.js';
import { assertCan } from '../permissions/access-of.js';

export interface DigestForActorInput {
  actor: Pick<Actor, 'tenantId' | 'staffId' | 'role'>;
  kind: DigestKind;
  asOf: Date;
  dashboardUrl?: string;
  /** The tenant's zone when the caller has it already (a command context); else the tenant's own. */
  timezone?: string;
  /** What a salesperson asking for a team digest is told (a chat reply speaks the user's language). */
  refusal?: string;
}

/**
 * The on-demand digest: what the actor's next digest would say at `asOf`, as a neutral document
 * for the caller's channel to render.
 * Daily and weekly digests are for managers and admins; anyone may see their own morning list.
 */
export async function buildDigestForActor(input: DigestForActorInput): Promise<{ digest: Digest; document: ChatDocument }> {
  const { actor, kind } = input;
  if (!actor.staffId) throw new Unauthenticated();
  if (kind !== 'morning') assertCan(actor, 'dashboard', 'view', input.refusal ?? 'daily and weekly digests are for managers and admins');
  const tenant = await loadDigestTenant(actor.tenantId);
  const recipient = await findRecipient(actor.tenantId, actor.staffId);
  const digest = await buildDigest({
    tenant: input.timezone !== undefined ? { ...tenant, timezone: input.timezone } : tenant,
    recipient,
    kind,
    asOf: input.asOf,
  });
  const document = buildDigestDocument(digest, input.dashboardUrl !== undefined ? { dashboardUrl: input.dashboardUrl } : {});
  return { digest, document };
}
