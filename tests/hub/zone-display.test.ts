/**
 * Zone displays: a display limited to some windows or services gets, from the hub itself, only the
 * numbers of its own calls: in its snapshot, in the facts as they happen, and in a catch-up after a
 * reconnect. Its seqs stay contiguous, so it folds the same facts as every face. The config names a zone's
 * unknown service or desk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centreConfigSchema, describeIssues } from '../../src-shared/config'
import type { EventEnvelope } from '../../src-shared/domain'
import { demoConfig, expectOk, startTestHub, type Fact, type TestHub } from '../support/hub-harness'

let hub: TestHub

beforeAll(async () => {
  hub = await startTestHub()
})
afterAll(async () => {
  await hub?.close()
})

/** Every ticket number a client was ever sent, anywhere in its messages. */
function numbersSeen(received: { data: unknown }[], numbers: string[]): string[] {
  const text = JSON.stringify(received)
  return numbers.filter((number) => text.includes(`"${number}"`))
}

describe('a zone display (demo display-zone-1: windows 1–3)', () => {
  it('is sent only the numbers of calls at its windows, live, in its snapshot and on catch-up', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const zone = await hub.deviceClient('display-zone-1')
    const hall = await hub.deviceClient('display-1')
    expect(zone.snapshot.you.zone?.deskIds).toEqual(['desk-1', 'desk-2', 'desk-3'])
    const one = await hub.staffClient('consultant1')
    const three = await hub.staffClient('consultant2')
    const five = await hub.staffClient('consultant3')
    expectOk(await one.command('desk:open', { deskId: 'desk-1' }))
    expectOk(await five.command('desk:open', { deskId: 'desk-5' }))
    expectOk(await three.command('desk:open', { deskId: 'desk-4' }))

    const inZone = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
    const atFive = expectOk(await kiosk.command('ticket:issue', { serviceId: 'old-age-pension' })).ticket
    const atFour = expectOk(await kiosk.command('ticket:issue', { serviceId: 'id-card-passport' })).ticket
    expect(expectOk(await five.command('ticket:call-next', { deskId: 'desk-5' })).ticket.id).toBe(atFive.id)
    expect(expectOk(await three.command('ticket:call-next', { deskId: 'desk-4' })).ticket.id).toBe(atFour.id)
    expect(expectOk(await one.command('ticket:call-next', { deskId: 'desk-1' })).ticket.id).toBe(inZone.id)
    await zone.waitFor<Fact<'ticket:called'>>('ticket:called', (e) => e.ticketId === inZone.id)
    await hall.waitFor<Fact<'ticket:called'>>('ticket:called', (e) => e.ticketId === inZone.id)
    expectOk(await five.command('ticket:recall', { ticketId: atFive.id }))
    await zone.waitFor<Fact<'ticket:recalled'>>('ticket:recalled')

    const all = [inZone.number, atFive.number, atFour.number]
    // The whole hall's display gets every number; the zone display only its own call's.
    expect(numbersSeen(hall.received, all)).toEqual(all)
    expect(numbersSeen(zone.received, all)).toEqual([inZone.number])
    const issued = zone.facts().filter((e): e is Fact<'ticket:issued'> => e.type === 'ticket:issued')
    expect(issued.every((e) => e.number === '')).toBe(true)
    // Contiguous seqs: it folds every fact, and its calls at its windows read as the hall's do.
    const state = zone.state()
    expect(state.seq).toBe(hall.state().seq)
    const shown = state.calls.filter((call) => call.number !== '')
    expect(shown.map((call) => [call.number, call.deskId])).toEqual([[inZone.number, 'desk-1']])

    // A zone display that connects now gets a snapshot with only its calls.
    const late = await hub.deviceClient('display-zone-1')
    expect(late.snapshot.state.calls.map((c) => c.number)).toEqual([inZone.number])
    expect(numbersSeen([late.received[0]!], all)).toEqual([inZone.number])
    // And one that catches up from an earlier seq gets the zone's copies of the facts.
    const caughtUp = await hub.deviceClient('display-zone-1', { lastSeq: 0 })
    const events = caughtUp.received[0]!.data as EventEnvelope[]
    expect(events.length).toBeGreaterThan(0)
    expect(numbersSeen([caughtUp.received[0]!], all)).toEqual([inZone.number])
  })
})

describe('the zone config', () => {
  it('names unknown services and desks, and refuses a zone on a kiosk', () => {
    const config = demoConfig()
    const devices = config.devices.map((device) =>
      device.id === 'display-zone-1'
        ? { ...device, zone: { deskIds: ['desk-1', 'desk-9'], serviceIds: ['no-such-service'] } }
        : device.id === 'kiosk-1'
          ? { ...device, zone: { deskIds: ['desk-1'] } }
          : device,
    )
    const parsed = centreConfigSchema.safeParse({ ...config, devices })
    expect(parsed.success).toBe(false)
    const problems = describeIssues(parsed.error!)
    const zoneAt = config.devices.findIndex((d) => d.id === 'display-zone-1')
    const kioskAt = config.devices.findIndex((d) => d.id === 'kiosk-1')
    expect(problems).toContain(`devices[${zoneAt}].zone.deskIds[1]: unknown desk "desk-9"`)
    expect(problems).toContain(`devices[${zoneAt}].zone.serviceIds[0]: unknown service "no-such-service"`)
    expect(problems).toContain(`devices[${kioskAt}].zone: only a display can be limited to a zone`)
  })
})
