/**
 * Which kiosks and displays are connected now, for the supervisor's alerts ("a kiosk or display
 * offline"). Presence is not a fact: it is what this hub process sees of its sockets, so it starts
 * empty ("never seen") when the hub starts, and is sent to staff sockets as `devices:presence` on
 * connect and whenever a device comes or goes.
 */
import type { CentreConfig } from '../../src-shared/config'
import type { DevicePresence } from '../../src-shared/figures'
import { STAFF_ROOM } from './fan-out'
import type { HubIo, HubSocket } from './hub-io'

export class DevicePresences {
  readonly #io: HubIo
  readonly #now: () => number
  readonly #devices: CentreConfig['devices']
  /** Device id → its sockets now (a device reconnecting holds its old socket a while). */
  readonly #sockets = new Map<string, number>()
  /** Device id → when it last came or went. */
  readonly #since = new Map<string, number>()

  constructor(options: { io: HubIo; now: () => number; config: Pick<CentreConfig, 'devices'> }) {
    this.#io = options.io
    this.#now = options.now
    this.#devices = options.config.devices
  }

  /** Every configured device, online or not, in the config's order. */
  list(): DevicePresence[] {
    return this.#devices.map((device) => ({
      deviceId: device.id,
      kind: device.kind,
      online: (this.#sockets.get(device.id) ?? 0) > 0,
      since: this.#since.get(device.id) ?? null,
    }))
  }

  /** A socket past the handshake: a device is counted in (and out when it goes); staff are told. */
  connect(socket: HubSocket): void {
    const { principal } = socket.data
    if (principal.role === 'staff') {
      socket.emit('devices:presence', this.list())
      return
    }
    if (principal.role !== 'device') return
    const id = principal.id
    const held = this.#sockets.get(id) ?? 0
    this.#sockets.set(id, held + 1)
    if (held === 0) this.#changed(id)
    socket.once('disconnect', () => {
      const left = (this.#sockets.get(id) ?? 1) - 1
      this.#sockets.set(id, left)
      if (left === 0) this.#changed(id)
    })
  }

  #changed(deviceId: string): void {
    this.#since.set(deviceId, this.#now())
    this.#io.to(STAFF_ROOM).emit('devices:presence', this.list())
  }
}
