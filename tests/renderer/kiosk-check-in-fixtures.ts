/**
 * A booked citizen at the kiosk (happy-dom): the hub's answers to `booking:check-in`, the fact that
 * follows a check-in's ack, and keys pressed at chosen times, as a person or a barcode scanner types them.
 */
import type { Pinia } from 'pinia'
import type { RefusalDetails } from '../../src-shared/domain'
import type { CommandAck } from '../../src-renderer/hub/hub-client'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { ok } from './kiosk-fixtures'
import { MONDAY_10_00 } from './fixtures'

/** The slot of the booking in these tests: Monday 10:15 in Almaty. */
export const SLOT_10_15 = MONDAY_10_00 + 15 * 60_000

/** The ticket a check-in issues: ID cards (desk-2), number F003. */
export const BOOKED = { id: 't-booked', number: 'F003', serviceId: 'id-card' } as const

/** The hub's check-in ack: the ticket, as `ticket:issue` acks it, issued at 10:07 (inside the slot's window). */
export const checkedIn = (): CommandAck<'booking:check-in'> =>
  ok({ ...BOOKED, issuedAt: SLOT_10_15 - 8 * 60_000 })

export const refused = (
  code: string,
  message = '',
  details?: RefusalDetails,
): CommandAck<'booking:check-in'> =>
  ({ ok: false, error: { code, message, ...(details ? { details } : {}) } }) as CommandAck<'booking:check-in'>

/** The `ticket:issued` fact the hub sends every kiosk after the ack: it carries the booked slot. */
export function deliverBookedTicket(pinia: Pinia, bookedFor = SLOT_10_15): void {
  const centre = useCentreStore(pinia)
  centre.receive({
    type: 'ticket:issued',
    ticketId: BOOKED.id,
    number: BOOKED.number,
    prefix: 'F',
    serviceId: BOOKED.serviceId,
    categoryId: null,
    bookedFor,
    seq: centre.seq + 1,
    at: MONDAY_10_00,
  })
}

const CODES: Record<string, string> = {
  '-': 'Minus',
  '/': 'Slash',
  '?': 'Slash',
  ':': 'Semicolon',
  '.': 'Period',
  '=': 'Equal',
  Enter: 'Enter',
  Backspace: 'Backspace',
}

/** The physical key (US layout) that types `key`, as a keyboard or scanner reports it. */
function codeOf(key: string): string {
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`
  if (/^\d$/.test(key)) return `Digit${key}`
  return CODES[key] ?? ''
}

/** One key press at `at` ms (the event's `timeStamp`); `code` differs from `key` on another layout. */
export function press(key: string, at: number, code = codeOf(key)): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, code, bubbles: true, cancelable: true })
  Object.defineProperty(event, 'timeStamp', { value: at })
  document.body.dispatchEvent(event)
  return event
}

/** `text` typed one character every `gapMs` from `start`, then Enter after one more gap. */
export function typeKeys(text: string, start: number, gapMs: number): void {
  let at = start
  for (const char of text) {
    press(char, at)
    at += gapMs
  }
  press('Enter', at)
}
