/**
 * The citizen's rating from the tracker page: `POST /api/track/<token>/rating` takes one vote per
 * finished ticket within `ratings.windowMinutes`, refuses bad input naming the field and changes nothing,
 * and the tracker's view follows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TrackView } from '../../src-shared/protocol'
import { expectOk, requestId, startTestHub, TUESDAY_MORNING, type TestHub } from '../support/hub-harness'

let hub: TestHub
let now = TUESDAY_MORNING

beforeAll(async () => {
  hub = await startTestHub({ now: () => now, hubOptions: { connectionLimits: { maxFailures: 50 } } })
})
afterAll(async () => {
  await hub?.close()
})

/** A ticket served and finished at desk 1: its tracker token and id. */
async function servedTicket(): Promise<{ token: string; id: string }> {
  const kiosk = await hub.deviceClient('kiosk-1')
  const issued = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
  const consultant = await hub.staffClient('consultant1')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
  const called = expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' })).ticket
  expect(called.id).toBe(issued.id)
  expectOk(await consultant.command('ticket:start', { ticketId: issued.id }))
  expectOk(await consultant.command('ticket:finish', { ticketId: issued.id }))
  return { token: issued.trackToken, id: issued.id }
}

async function rate(token: string, body: unknown) {
  const answer = await fetch(`${hub.url}/api/track/${token}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return {
    status: answer.status,
    type: answer.headers.get('content-type'),
    json: (await answer.json()) as any,
  }
}

describe('rating a ticket from its tracker', () => {
  it('takes the vote, the tracker shows it given, and the log holds only ticket, score and reason', async () => {
    const { token, id } = await servedTicket()
    const tracker = await hub.trackerClient(token)
    const open = await tracker.waitFor<TrackView>('track:updated', (v) => v.rating?.state === 'open')
    expect(open.rating!.reasons.map((r) => r.id)).toContain('polite')
    const answer = await rate(token, { requestId: requestId(), score: 5, reason: 'polite' })
    expect(answer).toMatchObject({ status: 201, json: { rating: { score: 5, reason: 'polite' } } })
    const given = await tracker.waitFor<TrackView>('track:updated', (v) => v.rating?.state === 'given')
    expect(given.rating).toMatchObject({ score: 5, reason: 'polite', reasons: [] })
    const events = await hub.store.eventsAfter(0, 10_000)
    const rated = events!.filter((e) => e.type === 'ticket:rated')
    expect(rated).toEqual([expect.objectContaining({ ticketId: id, score: 5, reason: 'polite' })])
    expect(Object.keys(rated[0]!).sort()).toEqual(['at', 'reason', 'score', 'seq', 'ticketId', 'type'])
  })

  it('refuses a second vote with 409 already_rated, kept as the first', async () => {
    const { token, id } = await servedTicket()
    expect((await rate(token, { requestId: requestId(), score: 2 })).status).toBe(201)
    const again = await rate(token, { requestId: requestId(), score: 5 })
    expect(again.status).toBe(409)
    expect(again.type).toContain('application/problem+json')
    expect(again.json.code).toBe('already_rated')
    expect(hub.hub.engine.state.tickets[id]!.rating?.score).toBe(2)
  })

  it('answers a retry of the same request with the same answer, not already_rated', async () => {
    const { token } = await servedTicket()
    const body = { requestId: requestId(), score: 4, reason: null }
    expect((await rate(token, body)).status).toBe(201)
    expect((await rate(token, body)).status).toBe(201)
  })

  it('refuses bad input naming the field, and changes nothing', async () => {
    const { token, id } = await servedTicket()
    const cases: [unknown, string][] = [
      [{ requestId: requestId(), score: 6 }, 'body.score'],
      [{ requestId: requestId(), score: 3.5 }, 'body.score'],
      [{ requestId: requestId() }, 'body.score'],
      [{ requestId: requestId(), score: 3, reason: 'NOT AN ID' }, 'body.reason'],
      [{ requestId: requestId(), score: 3, name: 'Aigerim' }, 'body'],
      [{ score: 3 }, 'body.requestId'],
    ]
    for (const [body, field] of cases) {
      const answer = await rate(token, body)
      expect(answer.status, JSON.stringify(body)).toBe(400)
      expect(answer.json.code).toBe('validation_failed')
      expect(answer.json.errors.map((e: { path: string }) => e.path).join(' ')).toContain(field)
    }
    // A reason the centre does not offer with this score (a high one with a low score).
    const unoffered = await rate(token, { requestId: requestId(), score: 1, reason: 'polite' })
    expect(unoffered).toMatchObject({ status: 422, json: { code: 'unknown_reason' } })
    expect(unoffered.json.errors[0].path).toBe('body.reason')
    expect(hub.hub.engine.state.tickets[id]!.rating).toBeUndefined()
  })

  it('refuses an unknown token with 404 ticket_link_invalid', async () => {
    const answer = await rate('no-such-token-at-all-000000', { requestId: requestId(), score: 5 })
    expect(answer).toMatchObject({ status: 404, json: { code: 'ticket_link_invalid' } })
  })

  it('refuses a ticket not served yet (not_finished) and one finished too long ago (rating_closed)', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const waiting = expectOk(await kiosk.command('ticket:issue', { serviceId: 'pension-contributions' }))
    const early = await rate(waiting.ticket.trackToken, { requestId: requestId(), score: 5 })
    expect(early).toMatchObject({ status: 409, json: { code: 'not_finished' } })

    const { token, id } = await servedTicket()
    const tracker = await hub.trackerClient(token)
    await tracker.waitFor<TrackView>('track:updated', (v) => v.rating?.state === 'open')
    now += (hub.config.ratings.windowMinutes + 1) * 60_000
    const late = await rate(token, { requestId: requestId(), score: 5 })
    expect(late).toMatchObject({ status: 409, json: { code: 'rating_closed' } })
    expect(hub.hub.engine.state.tickets[id]!.rating).toBeUndefined()
  })
})
