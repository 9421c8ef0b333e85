import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const schema = z.object({
  feishu: z.array(z.object({ name: z.string(), encryptKey: z.string(), encrypt: z.string(), expectedPlain: z.string() })).min(2),
  slack: z
    .array(z.object({ name: z.string(), signingSecret: z.string(), timestamp: z.string(), body: z.string(), expectedSignature: z.string() }))
    .min(1),
});

/** The official Feishu and Slack vectors (copied from the shared research into tests/support/vectors/chat-platforms.json). */
export const { feishu: feishuVectors, slack: slackVectors } = schema.parse(
  JSON.parse(readFileSync(fileURLToPath(new URL('./chat-platforms.json', import.meta.url)), 'utf8')),
);
