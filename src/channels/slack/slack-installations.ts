import type { Types } from 'mongoose';
import type { Keyring } from '../../secrets/keyring.js';
import { keyringFromEnvironment } from '../../secrets/keyring-from-environment.js';
import { openSecret, sealSecret } from '../../secrets/seal-secret.js';
import type { SlackOAuthGrant } from './exchange-oauth-code.js';
import { SlackInstallation } from './slack-installation-model.js';

const contextOf = (teamId: string) => `slack-installation:${teamId}`;

export interface SlackInstallations {
  /** Stores (or replaces, on a reinstall) a workspace's bot token, sealed. */
  save(tenantId: Types.ObjectId, grant: SlackOAuthGrant, now?: Date): Promise<void>;
  /**
   * The bot token for a workspace: that team's installation; without a team, the tenant's only
   * installation; null when there is none (the caller falls back to SLACK_BOT_TOKEN). A sealed
   * token that does not open (key gone, tampered) counts as none.
   */
  botTokenFor(tenantId: Types.ObjectId | string, teamId?: string): Promise<string | null>;
}

export function createSlackInstallations(options: { keyring?: Keyring } = {}): SlackInstallations {
  let keyring = options.keyring;
  const keys = () => (keyring ??= keyringFromEnvironment(process.env));
  const open = (doc: { teamId: string; botTokenSealed: string } | null) => {
    if (!doc) return null;
    try {
      return openSecret(doc.botTokenSealed, keys(), { context: contextOf(doc.teamId) });
    } catch {
      return null;
    }
  };
  return {
    async save(tenantId, grant, now = new Date()) {
      await SlackInstallation.updateOne(
        { teamId: grant.teamId },
        {
          $set: {
            tenantId,
            teamName: grant.teamName,
            enterpriseId: grant.enterpriseId,
            appId: grant.appId,
            botUserId: grant.botUserId,
            scope: grant.scope,
            installerUserId: grant.installerUserId,
            botTokenSealed: sealSecret(grant.botToken, keys(), { context: contextOf(grant.teamId) }),
            installedAt: now,
          },
        },
        { upsert: true },
      );
    },
    async botTokenFor(tenantId, teamId) {
      if (teamId) return open(await SlackInstallation.findOne({ teamId, tenantId }, { teamId: 1, botTokenSealed: 1 }).lean());
      const only = await SlackInstallation.find({ tenantId }, { teamId: 1, botTokenSealed: 1 }).limit(2).lean();
      return only.length === 1 ? open(only[0]!) : null;
    },
  };
}
