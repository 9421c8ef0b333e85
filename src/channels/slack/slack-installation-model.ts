import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One Slack workspace that installed the app through OAuth v2 (`GET /callbacks/slack/oauth`):
 * its bot token sealed at rest (src/secrets, AES-256-GCM, context = the team id, so a sealed
 * token copied to another team's record does not open), keyed by team id.
 */
const slackInstallationSchema = new Schema(
  {
    teamId: { type: String, required: true },
    tenantId: { type: Schema.Types.ObjectId, required: true },
    teamName: { type: String },
    enterpriseId: { type: String },
    appId: { type: String },
    botUserId: { type: String },
    scope: { type: String, default: '' },
    installerUserId: { type: String },
    /** `sealSecret(botToken)`; never the plain token. */
    botTokenSealed: { type: String, required: true },
    installedAt: { type: Date, required: true },
  },
  { collection: 'slack_installations', timestamps: true },
);
slackInstallationSchema.index({ teamId: 1 }, { unique: true });
slackInstallationSchema.index({ tenantId: 1 });

export type SlackInstallationRecord = InferSchemaType<typeof slackInstallationSchema>;

export const SlackInstallation = mongoose.model('SlackInstallation', slackInstallationSchema);
