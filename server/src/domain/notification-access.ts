import type { Actor } from './actor.ts';
import { ForbiddenError } from './errors.ts';

/**
 * Who may administer notifications. Channel configurations hold relay credentials and the
 * delivery log holds every recipient's address, so only administrators see and change them.
 * Everyone manages their own preferences and may list the enabled channels (id, name, kind).
 */
export function assertCanAdministerNotifications(actor: Actor): void {
  if (actor.role !== 'admin') throw new ForbiddenError('Only administrators may manage notification channels, templates and deliveries');
}
