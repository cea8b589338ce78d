/**
 * A guided self-service session through a real hub: a kiosk starts it and follows the steps, asks for
 * help, two consultants race to accept (one wins, the other gets `help_taken`), the kiosk learns who is
 * coming, the request is resolved and the session finished. Nothing of the citizen reaches anyone, and
 * the hall display does not even get the consultant's name.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { selfServiceCatalogueSchema } from '../../src-shared/config'
import type { Ack, CommandResult } from '../../src-shared/protocol'
import { stepForUrl } from '../../src-shared/self-service/portal-url'
import {
  demoConfig,
  expectOk,
  startTestHub,
  withPortalStandIn,
  type Fact,
  type TestHub,
} from '../support/hub-harness'

let hub: TestHub

beforeEach(async () => {
  hub = await startTestHub()
})

afterEach(async () => {
  await hub.close()
})

const SERVICE = 'no-criminal-record'

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g

describe('a guided session with help from a consultant', () => {
  it('runs from start to finish, and every face sees the same record', async () => {
    const kiosk = await hub.deviceClient('kiosk-2')
    const display = await hub.deviceClient('display-1')
    const aigerim = await hub.staffClient('consultant1')
    const nurlan = await hub.staffClient('consultant2')
    const supervisor = await hub.staffClient('supervisor')

    const started = expectOk(await kiosk.command('selfservice:start', { serviceId: SERVICE }))
    const { sessionId } = started
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)
    expectOk(await kiosk.command('selfservice:step', { sessionId, step: 0 }))
    expectOk(await kiosk.command('selfservice:step', { sessionId, step: 1 }))

    const asked = expectOk(await kiosk.command('help:request', { serviceId: SERVICE, sessionId, step: 1 }))
    const { helpId } = asked
    for (const consultant of [aigerim, nurlan]) {
      const fact = await consultant.waitFor<Fact<'help:requested'>>(
        'help:requested',
        (e) => e.helpId === helpId,
      )
      expect(fact).toMatchObject({
        kioskId: 'kiosk-2',
        serviceId: SERVICE,
        sessionId,
        step: 1,
        seq: asked.seq,
      })
    }

    // Both tap "accept" at once: one wins, the other is told it is taken.
    const [first, second] = await Promise.all([
      aigerim.command('help:accept', { helpId }),
      nurlan.command('help:accept', { helpId }),
    ])
    const acks = [first, second]
    const winners = acks.filter((ack) => ack.ok)
    const losers = acks.filter((ack): ack is Extract<Ack, { ok: false }> => !ack.ok)
    expect(winners).toHaveLength(1)
    expect(losers.map((ack) => ack.error.code)).toEqual(['help_taken'])
    const winner = first.ok
      ? { client: aigerim, name: 'Айгерім', id: 'consultant-1' }
      : { client: nurlan, name: 'Нұрлан', id: 'consultant-2' }
    const loser = first.ok ? nurlan : aigerim

    const accepted = await kiosk.waitFor<Fact<'help:accepted'>>('help:accepted', (e) => e.helpId === helpId)
    expect(accepted).toMatchObject({ staffId: winner.id, firstName: winner.name })
    expect(kiosk.state().helpRequests[helpId]).toMatchObject({ status: 'accepted', firstName: winner.name })
    // The other consultant's dashboard shows it taken.
    await loser.waitFor('help:accepted', (e: Fact<'help:accepted'>) => e.helpId === helpId)
    expect(loser.state().helpRequests[helpId]!.status).toBe('accepted')
    expect(await loser.command('help:resolve', { helpId })).toMatchObject({
      ok: false,
      error: { code: 'help_taken' },
    })

    expectOk(await winner.client.command('help:resolve', { helpId }))
    expectOk(await kiosk.command('selfservice:step', { sessionId, step: 3 }))
    const finished = expectOk(await kiosk.command('selfservice:finish', { sessionId, outcome: 'completed' }))

    for (const client of [kiosk, display, aigerim, nurlan, supervisor]) {
      await client.waitForSeq(finished.seq)
      const state = client.state()
      expect(state.selfServiceSessions[sessionId]).toMatchObject({
        serviceId: SERVICE,
        kioskId: 'kiosk-2',
        status: 'completed',
        step: 3,
        helpRequests: 1,
      })
      expect(state.selfServiceSessions[sessionId]!.steps.map((s) => s.step)).toEqual([0, 1, 3])
      expect(state.helpRequests[helpId]!.status).toBe('resolved')
    }
    expect(supervisor.state().helpRequests[helpId]!.firstName).toBe(winner.name)

    // A display that connects now gets the day in its snapshot, still without the name.
    const late = await hub.deviceClient('display-2')
    expect(late.snapshot.state.helpRequests[helpId]).toMatchObject({ status: 'resolved', firstName: null })

    for (const client of [display, late]) {
      // What the display holds of the day (its config is public and lists the portal's pages).
      const everything = JSON.stringify({ facts: client.facts(), state: client.state() })
      expect(everything).toContain(sessionId)
      for (const name of ['Айгерім', 'Нұрлан', 'Сейітова', 'Әбдірахманов'])
        expect(everything).not.toContain(name)
      expect(everything).not.toMatch(/https?:\/\//)
      // No IIN (ids first: a UUID's last group is 12 hex characters, sometimes all digits).
      expect(everything.replace(UUID, '')).not.toMatch(/\b\d{12}\b/)
    }
    const kioskSaw = JSON.stringify(kiosk.received)
    expect(kioskSaw).not.toContain('Сейітова')
    expect(kioskSaw).not.toContain('Әбдірахманов')
  })

  it('answers the kiosk with stable codes for what the state does not allow', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const other = await hub.deviceClient('kiosk-2')
    const code = (ack: Ack<object>) => (ack.ok ? 'ok' : ack.error.code)

    expect(code(await kiosk.command('selfservice:start', { serviceId: 'id-card-passport' }))).toBe(
      'not_self_service',
    )
    const { sessionId } = expectOk(await kiosk.command('selfservice:start', { serviceId: SERVICE }))
    expect(code(await kiosk.command('selfservice:step', { sessionId, step: 4 }))).toBe('unknown_step')
    expect(code(await other.command('selfservice:step', { sessionId, step: 0 }))).toBe('other_kiosk')
    expectOk(await kiosk.command('help:request', { serviceId: SERVICE }))
    expect(code(await kiosk.command('help:request', { serviceId: SERVICE }))).toBe('help_pending')
    expectOk(await kiosk.command('selfservice:finish', { sessionId, outcome: 'timed_out' }))
    expect(code(await kiosk.command('selfservice:finish', { sessionId, outcome: 'completed' }))).toBe(
      'session_ended',
    )
  })

  it('keeps each command to its roles', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const display = await hub.deviceClient('display-1')
    const registrar = await hub.staffClient('registrar')
    const consultant = await hub.staffClient('consultant1')
    const forbidden = { ok: false, error: { code: 'forbidden' } }

    expect(await consultant.command('selfservice:start', { serviceId: SERVICE })).toMatchObject(forbidden)
    expect(await display.command('help:request', { serviceId: SERVICE })).toMatchObject(forbidden)
    const { helpId } = expectOk(await kiosk.command('help:request', { serviceId: SERVICE }))
    expect(await kiosk.command('help:accept', { helpId })).toMatchObject(forbidden)
    expect(await registrar.command('help:accept', { helpId })).toMatchObject(forbidden)
    expect(await display.command('help:resolve', { helpId })).toMatchObject(forbidden)
    expect(await consultant.command('help:cancel', { helpId })).toMatchObject(forbidden)
  })

  it('answers a retried start with the same session', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const requestId = 'kiosk-start-0001'
    const first = await kiosk.command('selfservice:start', { serviceId: SERVICE, requestId })
    const again = await kiosk.command('selfservice:start', { serviceId: SERVICE, requestId })
    expect(again).toEqual(first)
    const result = expectOk(first) as CommandResult<'selfservice:start'> & { seq: number }
    expect(Object.keys(kiosk.state().selfServiceSessions)).toEqual([result.sessionId])
  })
})

describe('GET /api/self-service', () => {
  it("gives the kiosk shell the allowlist and the scenarios from the hub's config", async () => {
    const response = await fetch(`${hub.url}/api/self-service`)
    expect(response.status).toBe(200)
    const catalogue = selfServiceCatalogueSchema.parse(await response.json())
    expect(catalogue.settings?.allowedDomains).toEqual(['egov.kz'])
    expect(catalogue.services.map((s) => s.id)).toContain(SERVICE)
    const text = JSON.stringify(catalogue)
    expect(text).not.toMatch(/passwordHash|keyHash|consultant1/)

    const post = await fetch(`${hub.url}/api/self-service`, { method: 'POST' })
    expect(post.status).toBe(405)
  })
})

describe('a portal stand-in for tests', () => {
  it('moves the demo scenarios to a loopback origin, allowlist included', async () => {
    const config = withPortalStandIn(demoConfig(), 'http://127.0.0.1:41234')
    expect(config.selfService?.allowedDomains).toEqual(['127.0.0.1:41234'])
    const scenario = config.services.find((s) => s.id === SERVICE)!.selfService!
    expect(scenario.startUrl).toBe('http://127.0.0.1:41234/cms/ru/services/pass001_mvd')
    expect(stepForUrl(scenario.steps, 'http://127.0.0.1:41234/idp/login')).toBe(0)
    expect(stepForUrl(scenario.steps, 'http://127.0.0.1:41234/services/P30.11/result/done')).toBe(3)
    const standIn = await startTestHub({ config })
    try {
      const catalogue = selfServiceCatalogueSchema.parse(
        await (await fetch(`${standIn.url}/api/self-service`)).json(),
      )
      // Only the QR codes still point at egov.kz: they open on the citizen's phone, not in the kiosk.
      expect(JSON.stringify(catalogue.services)).not.toMatch(/https?:\/\/(idp\.)?egov\.kz/)
    } finally {
      await standIn.close()
    }
  })
})
