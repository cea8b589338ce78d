/**
 * One wait estimate across faces, through a real hub: the supervisor's figures, computed from what the
 * hub sends the supervisor, give a newcomer the minutes the kiosk's next ticket prints, with the centre's
 * own policy (here a `policy.estimateWindow` of 2).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dayFigures } from '../../src-shared/figures'
import { demoConfig, expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'

const MIN = 60_000
const SERVICE = 'no-criminal-record'

let clock = 0
let hub: TestHub

beforeEach(async () => {
  clock = Date.UTC(2026, 10, 24, 5, 0, 0) // 10:00 in Almaty
  const config = demoConfig()
  config.policy.estimateWindow = 2
  hub = await startTestHub({ config, now: () => clock })
})

afterEach(async () => {
  await hub.close()
})

/** Calls the next visitor at desk-1 and serves them for `minutes` on the hub clock. */
async function serveNext(consultant: TestClient, minutes: number): Promise<void> {
  const { ticket } = expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
  expectOk(await consultant.command('ticket:start', { ticketId: ticket.id }))
  clock += minutes * MIN
  expectOk(await consultant.command('ticket:finish', { ticketId: ticket.id }))
}

describe("the supervisor's estimate and the kiosk's ticket", () => {
  it('agree, from what the hub sends the supervisor', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const consultant = await hub.staffClient('consultant1')
    const supervisor = await hub.staffClient('supervisor')
    // The face learns what the estimate and the consultant's call order read of the call-next rules,
    // and no other rule (besides whether the consultant's finish needs an outcome).
    expect(supervisor.snapshot.config.policy).toEqual({
      estimateWindow: 2,
      regularMaxWaitMinutes: 45,
      maxPriorityStreak: 3,
      bookingEarlyMinutes: 10,
      bookingLateMinutes: 15,
      outcomeRequired: false,
    })
    const newcomer = async () => {
      const figures = dayFigures(supervisor.state(), supervisor.snapshot.config, clock)
      return figures.services.find((s) => s.serviceId === SERVICE)!.newcomerEstimateMinutes
    }
    // No window open: the supervisor sees no minutes, as the ticket would print none.
    expect(await newcomer()).toBeNull()

    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    for (const minutes of [20, 20, 2, 4]) {
      expectOk(await kiosk.command('ticket:issue', { serviceId: SERVICE }))
      await serveNext(consultant, minutes)
    }
    expectOk(await kiosk.command('ticket:issue', { serviceId: SERVICE }))
    expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
    expectOk(await kiosk.command('ticket:issue', { serviceId: SERVICE }))
    const last = expectOk(await kiosk.command('ticket:issue', { serviceId: SERVICE }))
    await supervisor.waitForSeq(last.seq)

    const expected = await newcomer()
    expect(expected).toBeGreaterThan(0)
    const printed = expectOk(await kiosk.command('ticket:issue', { serviceId: SERVICE }))
    expect(printed.ticket).toMatchObject({ ahead: 2, windows: 1, estimateMinutes: expected })
  })
})
