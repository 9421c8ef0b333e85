import { z } from 'zod';
import { objectIdString } from '../customers/customer-input.js';
import { templateKeySchema } from './survey-template-input.js';

/** POST /api/surveys/invitations */
export const createInvitationSchema = z.object({ customerId: objectIdString, templateKey: templateKeySchema }).strict();
export type CreateInvitationInput = z.input<typeof createInvitationSchema>;

const answers = z.record(z.string(), z.unknown());

/** Answers staff took on a call: POST /api/surveys/responses */
export const recordResponseSchema = z.object({ customerId: objectIdString, templateKey: templateKeySchema, answers }).strict();
export type RecordResponseInput = z.input<typeof recordResponseSchema>;

/** Answers to an invitation, by the client (POST /s/:token, JSON) or staff (POST /api/surveys/invitations/:id/answers). */
export const answersBodySchema = z.object({ answers }).strict();
