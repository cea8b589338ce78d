/**
 * The supervisor's acts through the hub: each is a command a supervisor may send and a consultant may
 * not, whose fact reaches the consultant's socket (with the reason) and the hall without it; the
 * message's read receipt; a kiosk's printer report; and which devices are connected, for the alerts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DevicePresence } from '../../src-shared/figures'
import { expectOk, startTestHub, type Fact, type TestHub } from '../support/hub-harness'

let hub: TestHub

beforeEach(async () => {
  hub = await startTestHub()
})

afterEach(async () => {
  await hub.close()
})

async function floor() {
  const supervisor = await hub.staffClient('supervisor')
  const consultant = await hub.staffClient('consultant1')
  const display = await hub.deviceClient('display-1')
  const kiosk = await hub.deviceClient('kiosk-1')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-3' }))
  const issued = expectOk(await kiosk.command('ticket:issue', { serviceId: 'id-card-passport' }))
  return { supervisor, consultant, display, kiosk, ticketId: issued.ticket.id }
}

describe("the supervisor's acts through the hub", () => {
  it("cancels a waiting ticket with a reason: the consultant's screen gets why, the hall display does not", async () => {
    const { supervisor, consultant, display, ticketId } = await floor()
    const refused = await supervisor.command('ticket:cancel', { ticketId })
    expect(refused).toMatchObject({ ok: false, error: { code: 'reason_required' } })
    expectOk(await supervisor.command('ticket:cancel', { ticketId, reason: 'left the centre' }))
    const seen = await consultant.waitFor<Fact<'ticket:cancelled'>>('ticket:cancelled')
    expect(seen).toMatchObject({ ticketId, by: 'supervisor-1', reason: 'left the centre' })
    const hall = await display.waitFor<Fact<'ticket:cancelled'>>('ticket:cancelled')
    expect(hall.reason).toBe('')
  })

  it("calls a ticket to the consultant's window: the call is theirs, the act the supervisor's", async () => {
    const { supervisor, consultant, ticketId } = await floor()
    expectOk(
      await supervisor.command('ticket:call', { deskId: 'desk-3', ticketId, reason: 'booked by phone' }),
    )
    const call = await consultant.waitFor<Fact<'ticket:called'>>('ticket:called')
    expect(call).toMatchObject({ staffId: 'consultant-1', by: 'supervisor-1', note: 'booked by phone' })
  })

  it("refuses a consultant the supervisor's acts", async () => {
    const { consultant, ticketId } = await floor()
    const moved = await consultant.command('ticket:prioritise', { ticketId, front: true, reason: 'x' })
    expect(moved).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const message = await consultant.command('desk:message', { deskId: 'desk-3', text: 'hello' })
    expect(message).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('sends a message to the consultant, who marks it read; the supervisor sees when', async () => {
    const { supervisor, consultant, display } = await floor()
    expectOk(await supervisor.command('desk:message', { deskId: 'desk-3', text: 'Window 5 after this one' }))
    const sent = await consultant.waitFor<Fact<'staff:messaged'>>('staff:messaged')
    expect(sent).toMatchObject({
      staffId: 'consultant-1',
      text: 'Window 5 after this one',
      by: 'supervisor-1',
    })
    expect((await display.waitFor<Fact<'staff:messaged'>>('staff:messaged')).text).toBe('')
    expectOk(await consultant.command('desk:message-read', { messageId: sent.messageId }))
    const read = await supervisor.waitFor<Fact<'staff:message-read'>>('staff:message-read')
    expect(supervisor.state().messages?.[sent.messageId]?.readAt).toBe(read.at)
  })

  it("takes a kiosk's printer report, and not a staff member's", async () => {
    const { supervisor, kiosk } = await floor()
    expectOk(await kiosk.command('device:report', { printer: 'paper-out' }))
    await supervisor.waitFor<Fact<'device:reported'>>('device:reported', (f) => f.printer === 'paper-out')
    expect(supervisor.state().devices?.['kiosk-1']?.printer).toBe('paper-out')
    const refused = await supervisor.command('device:report', { printer: 'ok' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })
})

describe('which devices are connected', () => {
  it('is sent to staff on connect and when a device comes or goes', async () => {
    const supervisor = await hub.staffClient('supervisor')
    const first = await supervisor.waitFor<DevicePresence[]>('devices:presence')
    expect(first.every((device) => !device.online && device.since === null)).toBe(true)
    const display = await hub.deviceClient('display-1')
    await supervisor.waitFor<DevicePresence[]>('devices:presence', (list) =>
      list.some((d) => d.deviceId === 'display-1' && d.online),
    )
    display.close()
    const gone = await supervisor.waitFor<DevicePresence[]>('devices:presence', (list) =>
      list.some((d) => d.deviceId === 'display-1' && !d.online && d.since !== null),
    )
    expect(gone.find((d) => d.deviceId === 'display-1')).toMatchObject({ kind: 'display', online: false })
  })
})
