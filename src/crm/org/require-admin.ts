import { Forbidden } from '../../errors.js';
import type { Actor } from '../actor.js';

/** The organisation is managed by the company's admins. */
export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new Forbidden('the organisation is managed by admins');
}
