/**
 * The consultant's desk pieces through a real hub: a walk-in's ticket issued and called at the window in
 * one command (the number in the ack, the desk in the log), a pause with a reason, an outcome at finish;
 * refusals change nothing, and all of it is there again after a restart on the same data folder.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { centreConfigSchema } from '../../src-shared/config'
import {
  demoConfig,
  expectOk,
  makeTempDir,
  removeDataDir,
  startTestHub,
  type Fact,
  type TestHub,
} from '../support/hub-harness'

let hub: TestHub | null = null
let dataDir: string | null = null

afterEach(async () => {
  await hub?.close()
  hub = null
  if (dataDir) removeDataDir(dataDir)
  dataDir = null
})

describe('the consultant at the window, through the hub', () => {
  it('issues and calls a walk-in, pauses for lunch, codes an outcome; all survives a restart', async () => {
    dataDir = makeTempDir()
    hub = await startTestHub({ dataDir })
    const consultant = await hub.staffClient('consultant1')
    const display = await hub.deviceClient('display-1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))

    const issued = expectOk(
      await consultant.command('ticket:issue', {
        serviceId: 'pension-contributions',
        deskId: 'desk-1',
        call: true,
      }),
    )
    // What the consultant tells the citizen: the number, already called to this window.
    expect(issued.ticket).toMatchObject({ number: 'D001', ahead: 0, estimateMinutes: 0 })
    const called = await display.waitFor<Fact<'ticket:called'>>(
      'ticket:called',
      (e) => e.ticketId === issued.ticket.id,
    )
    expect(called).toMatchObject({ deskId: 'desk-1', reason: 'direct' })
    const issuedFact = await consultant.waitFor<Fact<'ticket:issued'>>('ticket:issued')
    expect(issuedFact).toMatchObject({ ticketId: issued.ticket.id, deskId: 'desk-1' })

    const ticketId = issued.ticket.id
    expectOk(await consultant.command('ticket:start', { ticketId }))
    const unknown = await consultant.command('ticket:finish', { ticketId, outcome: 'lost-in-space' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_outcome' } })
    expect(consultant.state().tickets[ticketId]!.status).toBe('serving')
    expectOk(await consultant.command('ticket:finish', { ticketId, outcome: 'consulted' }))

    const badReason = await consultant.command('desk:pause', { deskId: 'desk-1', reason: 'siesta' })
    expect(badReason).toMatchObject({ ok: false, error: { code: 'unknown_pause_reason' } })
    const paused = expectOk(await consultant.command('desk:pause', { deskId: 'desk-1', reason: 'lunch' }))
    await display.waitForSeq(paused.seq)
    // Displays fold the same fact: the window is paused, for lunch.
    expect(display.state().desks['desk-1']).toMatchObject({ status: 'paused', pauseReason: 'lunch' })

    await hub.close()
    hub = await startTestHub({ dataDir })
    const again = await hub.staffClient('consultant1')
    const state = again.state()
    expect(state.tickets[ticketId]).toMatchObject({ status: 'done', outcome: 'consulted' })
    expect(state.desks['desk-1']).toMatchObject({ status: 'paused', pauseReason: 'lunch' })
  })

  it('refuses a finish without an outcome where the centre requires one, and an outcome the service does not take', async () => {
    const base = demoConfig()
    const config = centreConfigSchema.parse({ ...base, policy: { ...base.policy, outcomeRequired: true } })
    hub = await startTestHub({ config })
    const consultant = await hub.staffClient('consultant1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-3' }))
    const { ticket } = expectOk(
      await consultant.command('ticket:issue', {
        serviceId: 'id-card-passport',
        deskId: 'desk-3',
        call: true,
      }),
    )
    expectOk(await consultant.command('ticket:start', { ticketId: ticket.id }))
    const none = await consultant.command('ticket:finish', { ticketId: ticket.id })
    expect(none).toMatchObject({ ok: false, error: { code: 'outcome_required' } })
    // An ID card visit is issued, or why not: "consulted only" is not among its outcomes.
    const other = await consultant.command('ticket:finish', { ticketId: ticket.id, outcome: 'consulted' })
    expect(other).toMatchObject({ ok: false, error: { code: 'unknown_outcome' } })
    expectOk(await consultant.command('ticket:finish', { ticketId: ticket.id, outcome: 'documents-missing' }))
  })

  it('lets no kiosk issue at a desk', async () => {
    hub = await startTestHub()
    const kiosk = await hub.deviceClient('kiosk-1')
    const ack = await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record', deskId: 'desk-1' })
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })
})
