import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const eventCryptoBase = z.object({
  name: z.string(),
  token: z.string(),
  aesKey: z.string(),
  ownerKey: z.string(),
});

const schema = z.object({
  dingtalk: z.object({
    eventCrypto: z.tuple([
      eventCryptoBase.extend({
        query: z.object({ msg_signature: z.string(), timeStamp: z.string(), nonce: z.string() }),
        encrypt: z.string(),
        expectedPlain: z.string(),
        random: z.string(),
      }),
      eventCryptoBase.extend({
        random: z.string(),
        plain: z.string(),
        timeStamp: z.string(),
        nonce: z.string(),
        expectedEncrypt: z.string(),
        expectedSignature: z.string(),
      }),
      eventCryptoBase.extend({
        cases: z.array(z.object({ encrypt: z.string(), expectedPlain: z.string() })).min(1),
      }),
    ]),
    robotSign: z.tuple([
      z.object({ name: z.string(), appSecret: z.string(), timestamp: z.string(), expectedSign: z.string() }),
      z.object({
        name: z.string(),
        secret: z.string(),
        timestamp: z.string(),
        expectedSign: z.string(),
        expectedSignUrlEncoded: z.string(),
      }),
    ]),
  }),
});

/** The DingTalk vectors, copied into the repo from the shared research (tests/vectors/chat-platforms.json). */
export const dingtalkVectors = schema.parse(
  JSON.parse(readFileSync(fileURLToPath(new URL('./chat-platforms.json', import.meta.url)), 'utf8')),
).dingtalk;
