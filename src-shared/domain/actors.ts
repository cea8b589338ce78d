/** Who an actor is, as the centre's rules ask it: whose desk, and who may manage the floor. */
import type { Actor } from './types'

/** The staff member acting, or null for a device, an integration, a citizen or the hub itself. */
export function staffIdOf(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.staffId : null
}

/** Supervisors, administrators and the hub itself may act on any desk. */
export function isManager(actor: Actor): boolean {
  return (
    actor.kind === 'system' ||
    (actor.kind === 'staff' && (actor.roles.includes('supervisor') || actor.roles.includes('admin')))
  )
}
