/**
 * Staff booking on a citizen's behalf (`booking:make-for`, see src-shared/protocol/staff-bookings.ts): a
 * `CommandTarget` beside the engine's own commands. Before the command path submits anything it checks
 * the IIN and the phone with the `src-shared/kz` rules (a bad one is refused, nothing is kept) and puts
 * both in the vault (`VaultEntries.put`: one IIN, one id, so the per-person limits count it and a retry
 * is the same command); then it sends `booking:make` to the engine as the staff member, with the
 * channel they chose, under the request's id. The engine decides (free slot, limits), stores, acks and
 * publishes `booking:made` with the entry ids only.
 *
 * An entry put for a booking the engine then refuses is an orphan until the retention sweep erases it
 * (`booking-retention.ts`); this module logs nothing of its own, and the gate logs no payload.
 */
import {
  mayBookFor,
  staffBookingSchemas,
  type StaffBookingCommandType,
  type StaffBookingPayload,
} from '../../src-shared/protocol'
import { checkIin } from '../../src-shared/kz/iin'
import { normalizePhone } from '../../src-shared/kz/phone'
import type { Command } from '../../src-shared/domain'
import { errorAck, type CentreEngine } from './centre-engine'
import { actorOf, type CommandTarget } from './command-gate'
import type { VaultEntries } from './vault'

/** What `prepare` hands to `submit`: the engine's command, with the vault ids in place of the values. */
interface Prepared {
  requestId: string
  command: Extract<Command, { type: 'booking:make' }>
}

export interface StaffBookingsOptions {
  engine: CentreEngine
  entries: VaultEntries
}

export function staffBookings({
  engine,
  entries,
}: StaffBookingsOptions): CommandTarget<StaffBookingCommandType> {
  return {
    schemas: staffBookingSchemas,
    may: mayBookFor,
    async prepare(_principal, _type, data) {
      const { requestId, iin, phone, serviceId, slotStart, channel } =
        data as StaffBookingPayload<'booking:make-for'>
      // Messages name what is wrong, never the value.
      const checkedIin = checkIin(iin)
      if (!checkedIin.ok) return errorAck('iin_invalid', `IIN: ${checkedIin.message}`)
      const checkedPhone = normalizePhone(phone)
      if (!checkedPhone.ok) return errorAck('phone_invalid', `phone: ${checkedPhone.message}`)
      const now = engine.now()
      const personId = await entries.put('iin', checkedIin.iin, now)
      const phoneId = await entries.put('phone', checkedPhone.e164, now)
      const prepared: Prepared = {
        requestId,
        command: { type: 'booking:make', serviceId, slotStart, personId, phoneId, channel },
      }
      return { ok: true, data: prepared }
    },
    // Not async: the engine's own promise is what the command path awaits (ack before the facts).
    submit(principal, principalKey, _type, data) {
      const { requestId, command } = data as Prepared
      return engine.submit(principalKey, requestId, actorOf(principal), command)
    },
  }
}
