/**
 * `GET /api/desk-acts` on a running hub: the supervisor's acts of the day on the caller's window or on a
 * ticket of its services, from the report rows (so a consultant's page that reloads still has them);
 * none of another window's, nor of the consultant who held the window before, none for staff holding no
 * window but the closing of their own by a supervisor; a missing token or another method refused.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { DeskActsAnswer } from '../../src-shared/protocol/desk-acts'
import { parseCsv } from '../support/csv'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { staffGet } from './fixtures/registration'

let hub: TestHub | undefined

afterEach(async () => {
  await hub?.close()
  hub = undefined
})

describe('the acts of the day on a window', () => {
  it("tells each consultant the acts on their window and its services' tickets, and no one else's", async () => {
    hub = await startTestHub()
    const supervisor = await hub.staffClient('supervisor')
    const kiosk = await hub.deviceClient('kiosk-1')
    const first = await hub.staffClient('consultant1')
    const second = await hub.staffClient('consultant2')
    // Window 3 serves passports; window 1 does not.
    expectOk(await first.command('desk:open', { deskId: 'desk-3' }))
    expectOk(await second.command('desk:open', { deskId: 'desk-1' }))
    const passport = expectOk(await kiosk.command('ticket:issue', { serviceId: 'id-card-passport' })).ticket
    expectOk(await supervisor.command('ticket:cancel', { ticketId: passport.id, reason: 'left the centre' }))
    expectOk(await supervisor.command('desk:pause', { deskId: 'desk-1', reason: 'Break due' }))
    // A consultant's own pause is not a supervisor's act.
    expectOk(await first.command('desk:pause', { deskId: 'desk-3' }))
    const day = hub.hub.engine.state.day

    const ask = async (login: string) => {
      const answer = await staffGet(hub!, '/api/desk-acts', await hub!.signIn(login))
      expect(answer.status).toBe(200)
      return (await answer.json()) as DeskActsAnswer
    }
    expect(await ask('consultant1')).toEqual({
      day,
      acts: [
        expect.objectContaining({
          kind: 'cancelled',
          by: 'supervisor-1',
          reason: 'left the centre',
          ticketId: passport.id,
          deskId: null,
          serviceIds: ['id-card-passport'],
        }),
      ],
    })
    expect(await ask('consultant2')).toEqual({
      day,
      acts: [
        expect.objectContaining({ kind: 'paused', deskId: 'desk-1', reason: 'Break due', serviceIds: [] }),
      ],
    })
    // The registrar holds no window: nothing.
    expect(await ask('registrar')).toEqual({ day, acts: [] })

    // Window 1 changes hands: the pause was on consultant 2's watch, not on the new consultant's.
    expectOk(await second.command('desk:close', { deskId: 'desk-1' }))
    const third = await hub.staffClient('consultant3')
    expectOk(await third.command('desk:open', { deskId: 'desk-1' }))
    expect(await ask('consultant3')).toEqual({ day, acts: [] })
  })

  it('tells a consultant whose window a supervisor closed, without a window, and no one else', async () => {
    hub = await startTestHub()
    const supervisor = await hub.staffClient('supervisor')
    const kiosk = await hub.deviceClient('kiosk-1')
    const first = await hub.staffClient('consultant1')
    const second = await hub.staffClient('consultant2')
    expectOk(await first.command('desk:open', { deskId: 'desk-3' }))
    expectOk(await second.command('desk:open', { deskId: 'desk-1' }))
    const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: 'id-card-passport' })).ticket
    expectOk(await first.command('ticket:call-next', { deskId: 'desk-3' }))
    expectOk(await supervisor.command('desk:release', { deskId: 'desk-3', reason: 'Went home ill' }))
    const day = hub.hub.engine.state.day
    const ask = async (login: string) => {
      const answer = await staffGet(hub!, '/api/desk-acts', await hub!.signIn(login))
      expect(answer.status).toBe(200)
      return (await answer.json()) as DeskActsAnswer
    }
    const released = expect.objectContaining({
      kind: 'released',
      by: 'supervisor-1',
      reason: 'Went home ill',
      deskId: 'desk-3',
      staffId: 'consultant-1',
      ticketId: null,
    })
    // The returned ticket is not a notice of its own: the closing says it.
    expect(await ask('consultant1')).toEqual({ day, acts: [released] })
    expect(await ask('consultant2')).toEqual({ day, acts: [] })
    // At another window later that day, it is still theirs (a page put it away by its seq).
    expectOk(await first.command('desk:open', { deskId: 'desk-2' }))
    expect(await ask('consultant1')).toEqual({ day, acts: [released] })

    // The audit export names the supervisor, the reason, and the window the ticket went back from.
    const csv = await (
      await staffGet(hub, `/api/audit.csv?from=${day}&to=${day}&lang=en`, await hub.signIn('supervisor'))
    ).text()
    const rows = parseCsv(csv).filter((row) => row[2] === 'supervisor-1' && row[5] !== 'export')
    expect(rows.map((row) => [row[4], row[5], row[10], row[11]])).toEqual([
      [
        'desk-3',
        'A ticket in hand went back to its queue (window closed for someone)',
        'Went home ill',
        `${ticket.number} / Window 3`,
      ],
      ['desk-3', "Someone else's window was closed", 'Went home ill', 'Window 3'],
    ])
  })

  it('refuses a request without a signed-in staff member, and other methods', async () => {
    hub = await startTestHub()
    const anonymous = await staffGet(hub, '/api/desk-acts', null)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } })
    const token = await hub.signIn('consultant1')
    const post = await fetch(`${hub.url}/api/desk-acts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    })
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET'])
  })
})
