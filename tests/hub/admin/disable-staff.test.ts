/**
 * Disabling a login leaves nothing stranded: the window the person held closes and the ticket they had
 * called goes back to the queue at its place, as facts with `by` = the admin, live to the supervisor and
 * in the audit export; the admin's confirmation can name those windows first. The engine's commands run
 * before the config change, so a hub that dies between the two has no ticket stuck at a closed window.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { localDay } from '../../../src-shared/domain'
import { adminCall } from '../../support/admin-api'
import { parseCsv } from '../../support/csv'
import { expectOk, startTestHub, type TestHub } from '../../support/hub-harness'
import { staffGet } from '../fixtures/registration'

let hub: TestHub | null = null
afterEach(async () => {
  await hub?.close()
  hub = null
})

/** consultant3 at window 5 with the first of three tickets called; the supervisor watching. */
async function floorWithCalledTicket(h: TestHub) {
  const kiosk = await h.deviceClient('kiosk-1')
  const serviceId = h.config.services[0]!.id
  const numbers: string[] = []
  for (let i = 0; i < 3; i++)
    numbers.push(expectOk(await kiosk.command('ticket:issue', { serviceId })).ticket.number)
  const consultant = await h.staffClient('consultant3')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-5', serviceIds: [serviceId] }))
  const called = expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-5' }))
  const supervisor = await h.staffClient('supervisor')
  return { consultant, supervisor, serviceId, numbers, calledId: called.ticket.id as string }
}

describe('disabling a staff member', () => {
  it('closes their window and puts the called ticket back at its place, by the admin, live and audited', async () => {
    hub = await startTestHub()
    const h = hub
    const { consultant, supervisor, serviceId, numbers, calledId } = await floorWithCalledTicket(h)
    const token = await h.signIn('admin')

    const held = await adminCall<{ windows: unknown[] }>(h.url, token, 'GET', 'staff/consultant-3/windows')
    expect(held.body.windows).toEqual([
      { deskId: 'desk-5', label: '5', status: 'open', ticketNumber: numbers[0] },
    ])
    expect((await adminCall(h.url, token, 'GET', 'staff/nobody/windows')).status).toBe(404)

    const seq = supervisor.lastSeq()
    const disabled = await adminCall(h.url, token, 'PATCH', 'staff/consultant-3', { disabled: true })
    expect(disabled.status).toBe(200)
    await consultant.disconnected()

    // The supervisor sees it live: the ticket waiting first in its line, the window closed.
    await supervisor.waitFor('desk:closed')
    const facts = supervisor.facts().filter((e) => e.seq > seq)
    expect(facts.map((e) => e.type)).toEqual(['ticket:postponed', 'desk:closed'])
    for (const fact of facts) expect(fact).toMatchObject({ by: 'admin-1', reason: 'login disabled' })
    const state = supervisor.state()
    expect(state.desks['desk-5']).toMatchObject({ status: 'closed', staffId: null, ticketId: null })
    expect(state.tickets[calledId]).toMatchObject({ status: 'waiting', deskId: null })
    expect(state.queues[serviceId]!.map((id) => state.tickets[id]!.number)).toEqual(numbers)
    expect(h.hub.engine.state.tickets[calledId]!.status).toBe('waiting')
    expect(h.hub.config.current.staff.find((s) => s.id === 'consultant-3')!.disabled).toBe(true)
    expect(
      (await adminCall<{ windows: unknown[] }>(h.url, token, 'GET', 'staff/consultant-3/windows')).body
        .windows,
    ).toEqual([])

    // The audit export has both acts, by the admin, naming the ticket and the window's consultant.
    const day = localDay(Date.now(), 'Asia/Almaty')
    const supervisorToken = await h.signIn('supervisor')
    await vi.waitFor(
      async () => {
        const csv = await (
          await staffGet(h, `/api/audit.csv?from=${day}&to=${day}&lang=en`, supervisorToken)
        ).text()
        const rows = parseCsv(csv).map((row) => row.join('|'))
        expect(
          rows.filter((r) => r.includes('went back to its queue') && r.includes(numbers[0]!)),
        ).toHaveLength(1)
        expect(rows.filter((r) => r.includes('window was closed') && r.includes('admin-1'))).toHaveLength(1)
      },
      { timeout: 10_000, interval: 100 },
    )
  })

  it('leaves no ticket stranded when the hub dies between closing the window and the config change', async () => {
    hub = await startTestHub()
    const h = hub
    const { supervisor, calledId } = await floorWithCalledTicket(h)
    const token = await h.signIn('admin')
    // The new config never goes live, as if the process ended right after the engine's commands.
    vi.spyOn(h.hub.config, 'replace').mockImplementationOnce(() => {
      throw new Error('the hub died here')
    })
    const answer = await adminCall(h.url, token, 'PATCH', 'staff/consultant-3', { disabled: true })
    expect(answer.status).toBeGreaterThanOrEqual(500)
    await supervisor.waitFor('desk:closed')
    expect(h.hub.engine.state.tickets[calledId]!.status).toBe('waiting')
    expect(h.hub.engine.state.desks['desk-5']!.status).toBe('closed')
    // Not disabled: the admin tries again, and with nothing left to close it goes through.
    expect(h.hub.config.current.staff.find((s) => s.id === 'consultant-3')!.disabled).toBeUndefined()
    expect((await adminCall(h.url, token, 'PATCH', 'staff/consultant-3', { disabled: true })).status).toBe(
      200,
    )
  })

  it("refuses to disable the admin's own login in words without a config path, changing nothing", async () => {
    hub = await startTestHub()
    const token = await hub.signIn('admin')
    const self = await adminCall<{ error: { issues: { path: unknown[]; message: string }[] } }>(
      hub.url,
      token,
      'PATCH',
      'staff/admin-1',
      { disabled: true },
    )
    expect(self.status).toBe(409)
    expect(self.body.error.issues[0]!.message).toMatch(/cannot disable your own login/)
    expect(hub.hub.config.current).toEqual(hub.config)
  })
})
