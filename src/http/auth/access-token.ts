import jwt from 'jsonwebtoken';
import { Types } from 'mongoose';
import { Unauthenticated } from '../../errors.js';

const ISSUER = 'chatcrm';
const AUDIENCE = 'chatcrm-api';

export interface AccessTokenClaims {
  staffId: string;
  tenantId: string;
}

export interface TokenSettings {
  secret: string;
  ttlSeconds: number;
}

/** Short-lived HS256 JWT naming the staff member; role and scope are re-read from the database per request. */
export function issueAccessToken(settings: TokenSettings, claims: AccessTokenClaims): { token: string; expiresIn: number } {
  const token = jwt.sign({ tid: claims.tenantId }, settings.secret, {
    algorithm: 'HS256',
    subject: claims.staffId,
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: settings.ttlSeconds,
  });
  return { token, expiresIn: settings.ttlSeconds };
}

export function verifyAccessToken(settings: TokenSettings, token: string): AccessTokenClaims {
  let payload: jwt.JwtPayload | string;
  try {
    payload = jwt.verify(token, settings.secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
  } catch (error) {
    // One message for every failure (expired, tampered, wrong audience): nothing for an attacker to learn.
    throw new Unauthenticated((error as Error).name === 'TokenExpiredError' ? 'token expired' : 'invalid token');
  }
  if (typeof payload === 'string' || !payload.sub || typeof payload.tid !== 'string') throw new Unauthenticated('invalid token');
  if (!Types.ObjectId.isValid(payload.sub) || !Types.ObjectId.isValid(payload.tid)) throw new Unauthenticated('invalid token');
  return { staffId: payload.sub, tenantId: payload.tid };
}
