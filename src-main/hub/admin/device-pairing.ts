/**
 * Pairing a kiosk or display with a one-time code instead of copying its key: the admin asks for a code
 * for a device (`issue`), the device's `/pair` page sends it (`redeem`), and the hub makes the device a
 * new key, stores its hash in the config (a `devices` change, audited as the admin who asked for the
 * code) and answers the key to the device once. A code is short, single-use, valid 10 minutes, and kept
 * only in memory: a restart forgets the codes not yet used (ask for a new one).
 */
import { randomInt } from 'node:crypto'
import type { DeviceKind } from '../../../src-shared/config'
import { hashDeviceKey, newDeviceKey } from '../passwords'
import type { ChangeResult, ConfigAdmin } from './config-change'

export const PAIRING_CODE_TTL_MS = 10 * 60_000
/** No 0/O, 1/I/L: read off one screen and typed on another. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/** `XXXX-XXXX`; typed with or without the dash, in either case. */
export function normalizePairingCode(text: string): string {
  const plain = text.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain
}

interface Pending {
  deviceId: string
  expiresAt: number
  /** The admin who asked for the code: the key change is theirs in the audit. */
  by: string
}

export type RedeemResult =
  | { ok: true; deviceId: string; kind: DeviceKind; key: string }
  | { ok: false; reason: 'unknown_code' }
  | Extract<ChangeResult, { ok: false }>

export class DevicePairing {
  readonly #codes = new Map<string, Pending>()

  constructor(
    private readonly admin: ConfigAdmin,
    private readonly now: () => number,
  ) {}

  /** A new code for `deviceId` (any earlier one for it stops working). */
  issue(deviceId: string, by: string): { code: string; expiresAt: number } {
    this.#sweep()
    for (const [code, pending] of this.#codes) if (pending.deviceId === deviceId) this.#codes.delete(code)
    let code: string
    do {
      const plain = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
      code = `${plain.slice(0, 4)}-${plain.slice(4)}`
    } while (this.#codes.has(code))
    const expiresAt = this.now() + PAIRING_CODE_TTL_MS
    this.#codes.set(code, { deviceId, expiresAt, by })
    return { code, expiresAt }
  }

  /** A removed device's codes stop working. */
  forget(deviceId: string): void {
    for (const [code, pending] of this.#codes) if (pending.deviceId === deviceId) this.#codes.delete(code)
  }

  /** The device's key for a valid code, once; the code is spent even when the change is refused. */
  async redeem(text: string): Promise<RedeemResult> {
    this.#sweep()
    const code = normalizePairingCode(text)
    const pending = this.#codes.get(code)
    if (!pending) return { ok: false, reason: 'unknown_code' }
    this.#codes.delete(code)
    const key = newDeviceKey()
    const keyHash = hashDeviceKey(key)
    const result = await this.admin.changeWith(
      'devices',
      (config) => config.devices.map((d) => (d.id === pending.deviceId ? { ...d, keyHash } : d)),
      pending.by,
    )
    if (!result.ok) return result
    const device = result.config.devices.find((d) => d.id === pending.deviceId)
    if (!device) return { ok: false, reason: 'unknown_code' }
    return { ok: true, deviceId: device.id, kind: device.kind, key }
  }

  #sweep(): void {
    const at = this.now()
    for (const [code, pending] of this.#codes) if (pending.expiresAt <= at) this.#codes.delete(code)
  }
}
