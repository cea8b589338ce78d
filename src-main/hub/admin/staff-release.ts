/**
 * What disabling a login does on the floor: every window the person holds is closed and a ticket they
 * had called or were serving goes back to its queue at its place, through the engine like any
 * supervisor's act (`desk:release`, facts with `by` = the admin, in the audit and live on the
 * supervisor's screen). `StaffAdmin` runs it before the config change that disables the login, and once
 * more after it (for a ticket called in between), so a crash between the two leaves no ticket stranded.
 */
import { randomUUID } from 'node:crypto'
import type { Actor, CentreState, Command } from '../../../src-shared/domain'
import type { CentreConfig, HeldWindow } from '../../../src-shared/config'
import type { Ack } from '../../../src-shared/protocol'
import type { ConfigIssue } from './config-change'

/** The engine as this needs it. */
export interface ReleaseEngine {
  readonly state: CentreState
  submit(principalKey: string, requestId: string, actor: Actor, command: Command): Promise<Ack<object>>
}

/** The reason the facts carry (the audit export and the consultant's screen show it). */
export const DISABLED_REASON = 'login disabled'

export class StaffRelease {
  constructor(
    private readonly engine: ReleaseEngine,
    private readonly config: () => CentreConfig,
  ) {}

  /** The windows `staffId` holds now (open or paused), with the ticket in hand at each. */
  held(staffId: string): HeldWindow[] {
    const { state } = this.engine
    const labels = new Map(this.config().desks.map((d) => [d.id, d.label]))
    return Object.values(state.desks)
      .filter((desk) => desk.staffId === staffId && desk.status !== 'closed')
      .map((desk) => ({
        deskId: desk.id,
        label: labels.get(desk.id) ?? desk.id,
        status: desk.status as HeldWindow['status'],
        ticketNumber: (desk.ticketId && state.tickets[desk.ticketId]?.number) || null,
      }))
  }

  /**
   * Closes every window `staffId` holds, as the admin `by`; the first refusal stops it and is answered
   * as an issue at the person's entry (nothing after it was sent).
   */
  async release(staffId: string, by: string): Promise<ConfigIssue | null> {
    const admin = this.config().staff.find((s) => s.id === by)
    if (!admin) return { path: ['staff'], message: `no staff member "${by}"` }
    const actor: Actor = { kind: 'staff', staffId: admin.id, roles: admin.roles }
    for (const window of this.held(staffId)) {
      const command: Command = { type: 'desk:release', deskId: window.deskId, reason: DISABLED_REASON }
      const ack = await this.engine.submit(`admin:${by}`, randomUUID(), actor, command)
      // Closed in the meantime (by the person, or a supervisor): nothing is left there.
      if (!ack.ok && ack.error.code !== 'desk_closed')
        return {
          path: ['staff'],
          message: `window ${window.label} could not be closed: ${ack.error.message}`,
        }
    }
    return null
  }
}
