/**
 * Pairing a kiosk or display with a one-time code instead of copying its key: the admin asks for a code
 * for a device (`issue`), the device's `/pair` page sends it (`redeem`), and the hub makes the device a
 * new key, stores its hash in the config (a `devices` change, audited as the admin who asked for the
 * code) and answers the key to the device once. A code is short, single-use and valid 10 minutes; it is
 * kept (as a hash) in the centre's database (`pairing-codes.ts`), so a restart in between forgets nothing.
 */
import { randomInt } from 'node:crypto'
import type { DeviceKind } from '../../../src-shared/config'
import { hashDeviceKey, newDeviceKey } from '../passwords'
import type { ChangeResult, ConfigAdmin } from './config-change'
import type { PairingCodes } from './pairing-codes'

export const PAIRING_CODE_TTL_MS = 10 * 60_000
/** No 0/O, 1/I/L: read off one screen and typed on another. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/** `XXXX-XXXX`; typed with or without the dash, in either case. */
export function normalizePairingCode(text: string): string {
  const plain = text.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain
}

export type RedeemResult =
  | { ok: true; deviceId: string; kind: DeviceKind; key: string }
  | { ok: false; reason: 'unknown_code' }
  | Extract<ChangeResult, { ok: false }>

export class DevicePairing {
  constructor(
    private readonly admin: ConfigAdmin,
    private readonly codes: PairingCodes,
    private readonly now: () => number,
  ) {}

  /** A new code for `deviceId` (any earlier one for it stops working), stored before it is answered. */
  async issue(deviceId: string, by: string): Promise<{ code: string; expiresAt: number }> {
    const now = this.now()
    const expiresAt = now + PAIRING_CODE_TTL_MS
    for (;;) {
      const plain = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
      const code = `${plain.slice(0, 4)}-${plain.slice(4)}`
      if (await this.codes.add(code, { deviceId, by, expiresAt }, now)) return { code, expiresAt }
    }
  }

  /** A removed device's codes stop working. */
  forget(deviceId: string): Promise<void> {
    return this.codes.forget(deviceId)
  }

  /** The device's key for a valid code, once; the code is spent even when the change is refused. */
  async redeem(text: string): Promise<RedeemResult> {
    const pending = await this.codes.take(normalizePairingCode(text), this.now())
    if (!pending) return { ok: false, reason: 'unknown_code' }
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
}
