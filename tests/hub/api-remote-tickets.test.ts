/**
 * Remote tickets through the integration API on a real hub (the demo centre, its remote queue on): join
 * for a citizen, a retry by Idempotency-Key, consent to the channels named, the ticket as it stands,
 * cancel by DELETE; refusals named and changing nothing; another integration's ids unknown; no phone in
 * any answer or in the centre's log.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centreConfigSchema } from '../../src-shared/config'
import { hashDeviceKey } from '../../src-main/hub/passwords'
import type { SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import { apiRequest, demoIntegrationKey, type ApiAnswer, type ProblemBody } from '../support/api-client'
import { demoConfig, expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { MemoryConsents } from '../support/notify-fakes'

const SERVICE = 'no-criminal-record'
const OTHER_KEY = 'kezek-test-other-integration-key-0123456789'
const key = demoIntegrationKey()
const consents = new MemoryConsents()
let hub: TestHub

interface RemoteTicket {
  id: string
  number: string
  serviceId: string
  status: string
  code: string
  trackUrl: string
  ahead: number | null
  minutes: number | null
  low: number | null
  high: number | null
  checkInBy: string | null
}

beforeAll(async () => {
  const base = demoConfig()
  const config = centreConfigSchema.parse({
    ...base,
    centre: { ...base.centre, publicUrl: 'https://queue.example.kz' },
    integrations: [
      ...base.integrations,
      {
        id: 'other',
        name: 'Other',
        keyHash: hashDeviceKey(OTHER_KEY),
        scopes: ['remote:read', 'remote:write'],
      },
    ],
  })
  hub = await startTestHub({ config, hubOptions: { notifyConsents: consents } })
  const consultant = await hub.staffClient('consultant1')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
})

afterAll(async () => {
  await hub?.close()
})

const send = <B>(method: string, path: string, body?: unknown, options: { key?: string; id?: string } = {}) =>
  apiRequest<B>(hub.url, `/api/v1${path}`, {
    method,
    key: options.key ?? key,
    body,
    headers: method === 'GET' ? {} : { 'Idempotency-Key': options.id ?? randomUUID() },
  })

function refusalOf(answer: ApiAnswer<unknown>) {
  const body = answer.body as ProblemBody
  expect(answer.headers['content-type']).toBe('application/problem+json')
  return { status: answer.status, code: body.code, fields: (body.errors ?? []).map((e) => e.path) }
}

const ticketCount = () => Object.keys(hub.hub.engine.state.tickets).length
const storedLog = () =>
  ((hub.store as SqliteEventStore).db.prepare('SELECT data FROM events').pluck().all() as string[]).join('\n')

describe('joining through the API', () => {
  it('joins for a citizen, answers a retry the same, records consent, and shows the ticket as it stands', async () => {
    const idempotencyKey = randomUUID()
    const body = {
      serviceId: SERVICE,
      phone: '8 701 555 44 01',
      travelMinutes: 20,
      notify: ['sms'],
      language: 'ru',
    }
    const made = await send<{ ticket: RemoteTicket }>('POST', '/remote-tickets', body, { id: idempotencyKey })
    expect(made.status, made.text).toBe(201)
    const { ticket } = made.body
    expect(ticket).toMatchObject({ serviceId: SERVICE, status: 'expected', ahead: 0, checkInBy: null })
    expect(ticket.code).toMatch(/^[2-9A-Z]{6}$/)
    expect(ticket.trackUrl).toMatch(/^https:\/\/queue\.example\.kz\/t\/[^?]+\?lang=ru$/)
    expect(made.text).not.toContain('5554401')
    const stored = Object.values(hub.hub.engine.state.tickets).find((t) => t.number === ticket.number)!
    expect(stored.remote).toMatchObject({ channel: 'api', travelMinutes: 20 })
    expect(await consents.channelsOf(stored.remote!.phoneId)).toEqual(['sms'])
    expect(storedLog()).not.toContain('5554401')

    const count = ticketCount()
    const again = await send<{ ticket: RemoteTicket }>('POST', '/remote-tickets', body, {
      id: idempotencyKey,
    })
    expect(again.status).toBe(201)
    expect(again.body.ticket).toEqual(ticket)
    expect(ticketCount()).toBe(count)

    const seen = await send<{ ticket: RemoteTicket }>('GET', `/remote-tickets/${ticket.id}`)
    expect(seen.status, seen.text).toBe(200)
    expect(seen.body.ticket).toMatchObject({ id: ticket.id, number: ticket.number, status: 'expected' })

    // Another integration does not know it; nor does a made-up id.
    const foreign = await send('GET', `/remote-tickets/${ticket.id}`, undefined, { key: OTHER_KEY })
    expect(refusalOf(foreign)).toMatchObject({ status: 404, code: 'unknown_ticket' })
    const forged = await send('DELETE', `/remote-tickets/${stored.id}~${'A'.repeat(32)}`)
    expect(refusalOf(forged)).toMatchObject({ status: 404, code: 'unknown_ticket' })
    expect(refusalOf(await send('GET', '/remote-tickets/nonsense')).fields).toEqual(['path.id'])

    const cancelled = await send('DELETE', `/remote-tickets/${ticket.id}`)
    expect(cancelled.status, cancelled.text).toBe(204)
    expect(cancelled.text).toBe('')
    expect(hub.hub.engine.state.tickets[stored.id]!.status).toBe('cancelled')
    const after = await send<{ ticket: RemoteTicket }>('GET', `/remote-tickets/${ticket.id}`)
    expect(after.body.ticket.status).toBe('cancelled')
    expect((await send('DELETE', `/remote-tickets/${ticket.id}`)).status).toBe(409)
  })

  it('refuses bad input and what the centre does not allow, naming the field, changing nothing', async () => {
    const count = ticketCount()
    const bad = await send('POST', '/remote-tickets', {
      serviceId: SERVICE,
      phone: '12345',
      travelMinutes: 'soon',
      notify: ['pigeon'],
    })
    expect(refusalOf(bad)).toMatchObject({
      status: 400,
      code: 'validation_failed',
      fields: expect.arrayContaining(['body.phone', 'body.travelMinutes', 'body.notify.0']),
    })
    const off = await send('POST', '/remote-tickets', {
      serviceId: 'id-card-passport',
      phone: '+77015554402',
    })
    expect(refusalOf(off)).toMatchObject({ status: 409, code: 'remote_join_off' })
    const noWindow = await send('POST', '/remote-tickets', {
      serviceId: 'old-age-pension',
      phone: '+77015554402',
    })
    expect(refusalOf(noWindow)).toMatchObject({ status: 409, code: 'no_window_serves' })
    const scope = await send(
      'POST',
      '/remote-tickets',
      { serviceId: SERVICE, phone: '+77015554402' },
      {
        key: 'kezek-demo-egov-2026-integration-key-wrong',
      },
    )
    expect(scope.status).toBe(401)
    expect(ticketCount()).toBe(count)
    const phoneId = await hub.hub.vault.entries.find('phone', '+77015554402')
    expect(phoneId === undefined || (await consents.channelsOf(phoneId)).length === 0).toBe(true)
  })

  it('is in the OpenAPI document with its scopes', async () => {
    const doc = await apiRequest<{ paths: Record<string, Record<string, { security: unknown }>> }>(
      hub.url,
      '/api/openapi.json',
    )
    expect(Object.keys(doc.body.paths['/api/v1/remote-tickets/{id}']!).sort()).toEqual(['delete', 'get'])
    expect(doc.body.paths['/api/v1/remote-tickets']!.post!.security).toEqual([
      { integrationKey: ['remote:write'] },
    ])
  })
})
