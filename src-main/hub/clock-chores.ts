/**
 * The hub's own commands that the clock alone makes due, even when nobody sends a command: bookings
 * whose late window has closed lapse (`booking:lapse`), and remote tickets are told to come, held or
 * lapse (`ticket:remote-sweep`). At most one of each kind is on its way at a time.
 */
import type { CentreConfig } from '../../src-shared/config'
import { dueLapses, sweepRemote, type Actor, type CentreState, type Command } from '../../src-shared/domain'
import type { Ack } from '../../src-shared/protocol'
import type { Logger } from './logger'

type Submit = (
  principalKey: string,
  requestId: string,
  actor: Actor,
  command: Command,
) => Promise<Ack<object>>

export class ClockChores {
  /** A `booking:lapse` of the hub's own is on its way; a `ticket:remote-sweep`. */
  private lapsing = false
  private sweeping = false

  constructor(
    private readonly submit: Submit,
    private readonly logger: Logger,
  ) {}

  /** Submits whichever of the chores is due at `now` and not already on its way. */
  run(state: CentreState, config: CentreConfig, now: number): void {
    if (!this.lapsing && dueLapses(state, config, now).length > 0) {
      this.lapsing = true
      void this.submit('hub', `lapse-${now}`, { kind: 'system' }, { type: 'booking:lapse' }).then((ack) => {
        this.lapsing = false
        if (!ack.ok) this.logger.error({ error: ack.error }, 'lapsing due bookings failed')
      })
    }
    if (!this.sweeping && sweepRemote(state, config, now).length > 0) {
      this.sweeping = true
      const command = { type: 'ticket:remote-sweep' } as const
      void this.submit('hub', `remote-${now}`, { kind: 'system' }, command).then((ack) => {
        this.sweeping = false
        if (!ack.ok) this.logger.error({ error: ack.error }, 'the sweep of remote tickets failed')
      })
    }
  }
}
