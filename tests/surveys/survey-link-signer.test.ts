import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { createSurveyLinkSigner } from '../../src/crm/surveys/survey-link-signer.js';
import { createKeyring } from '../../src/secrets/keyring.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const claims = { invitationId: '65f1a2b3c4d5e6f708192a3b', expiresAt: new Date('2026-06-01T00:00:00Z') };

test('a signed token verifies to its claims; any change to it does not', () => {
  const signer = createSurveyLinkSigner(() => createKeyring(k1));
  const token = signer.sign(claims);
  expect(signer.verify(token)).toEqual(claims);
  const [id, exp, keyId, mac] = token.split('.') as [string, string, string, string];
  expect(signer.verify([id.replace(/.$/, id.endsWith('0') ? '1' : '0'), exp, keyId, mac].join('.'))).toBeNull();
  expect(signer.verify([id, (parseInt(exp, 36) + 86_400).toString(36), keyId, mac].join('.'))).toBeNull();
  expect(signer.verify([id, exp, 'k9', mac].join('.'))).toBeNull();
  expect(signer.verify(`${token}x`)).toBeNull();
  expect(signer.verify('')).toBeNull();
});

test('after a key rotation old links still open while the old key is listed, and stop when it is dropped', () => {
  const before = createSurveyLinkSigner(() => createKeyring(k1)).sign(claims);
  const rotated = createSurveyLinkSigner(() => createKeyring(k2, [k1]));
  expect(rotated.verify(before)).toEqual(claims);
  expect(rotated.sign(claims).split('.')[2]).toBe('k2');
  expect(createSurveyLinkSigner(() => createKeyring(k2)).verify(before)).toBeNull();
  // Another deployment's key never verifies this one's links.
  expect(createSurveyLinkSigner(() => createKeyring({ id: 'k1', key: randomBytes(32) })).verify(before)).toBeNull();
});
