/**
 * The integration API on a real hub: an integration with the right key and scope lists the centre's
 * services; everything else gets `application/problem+json` with a stable code (no key, a wrong key, a
 * missing scope, an unknown path or method, a page of another site, a body that is not JSON, an unknown
 * parameter, too many requests), and the answers carry nothing personal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centreConfigSchema } from '../../src-shared/config'
import { servicesAnswerSchema, type ServicesAnswer } from '../../src-main/hub/http/api/services'
import { hashDeviceKey } from '../../src-main/hub/passwords'
import { apiRequest, demoIntegrationKey, expectProblem } from '../support/api-client'
import { demoConfig, startTestHub, type TestHub } from '../support/hub-harness'
import { readDemoAccounts } from './fixtures/demo-accounts'

const READER_KEY = 'test-reader-0123456789abcdefghijklmnopq'
const SLOW_KEY = 'test-slow-0123456789abcdefghijklmnopqrst'
const SLOTS_ONLY_KEY = 'test-slots-0123456789abcdefghijklmnopqrs'

let hub: TestHub
const demoKey = demoIntegrationKey()

beforeAll(async () => {
  const base = demoConfig()
  const config = centreConfigSchema.parse({
    ...base,
    integrations: [
      ...base.integrations,
      { id: 'reader', name: 'Reader', keyHash: hashDeviceKey(READER_KEY), scopes: ['services:read'] },
      // Two requests, then one more every 1000 s: the third is over the rate however slow the machine.
      {
        id: 'slow',
        name: 'Slow',
        keyHash: hashDeviceKey(SLOW_KEY),
        scopes: ['services:read'],
        rateLimit: { perSecond: 0.001, burst: 2 },
      },
      { id: 'slots-only', name: 'Slots', keyHash: hashDeviceKey(SLOTS_ONLY_KEY), scopes: ['slots:read'] },
    ],
  })
  hub = await startTestHub({ config })
})

afterAll(async () => {
  await hub.close()
})

describe('GET /api/v1/services', () => {
  it("lists the centre's services with names, group, online, expected minutes and bookable", async () => {
    const answer = await apiRequest<ServicesAnswer>(hub.url, '/api/v1/services', { key: demoKey })
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8')
    // The very schema the OpenAPI document describes, strictly.
    const { services } = servicesAnswerSchema.parse(answer.body)
    expect(services.map((s) => s.id)).toEqual(hub.config.services.map((s) => s.id))
    const first = hub.config.services[0]!
    const group = hub.config.serviceGroups.find((g) => g.id === first.group)!
    expect(services[0]).toEqual({
      id: first.id,
      name: { kk: first.name.kk, ru: first.name.ru, en: first.name.en ?? first.name.ru },
      group: {
        id: group.id,
        name: { kk: group.name.kk, ru: group.name.ru, en: group.name.en ?? group.name.ru },
      },
      online: first.online,
      expectedMinutes: first.expectedMinutes,
      // The demo centre takes no bookings yet.
      bookable: false,
    })
  })

  it('answers HEAD like GET, without a body', async () => {
    const answer = await apiRequest(hub.url, '/api/v1/services', { method: 'HEAD', key: READER_KEY })
    expect(answer.status).toBe(200)
    expect(answer.text).toBe('')
  })

  it('tells nothing about staff, devices, keys or citizens', async () => {
    const { text } = await apiRequest(hub.url, '/api/v1/services', { key: READER_KEY })
    const { staff } = readDemoAccounts()
    for (const member of hub.config.staff) {
      expect(text).not.toContain(member.firstName)
      expect(text).not.toContain(member.passwordHash)
    }
    for (const account of staff) expect(text).not.toContain(account.login)
    expect(text).not.toMatch(/sha256\$|keyHash|passwordHash/)
    // No IIN (12 digits) and no phone number.
    expect(text).not.toMatch(/\d{10,}|\+7/)
  })
})

describe('who may call', () => {
  it('without a key: 401 unauthenticated, with a Bearer challenge', async () => {
    const answer = await apiRequest(hub.url, '/api/v1/services')
    expectProblem(answer, 401, 'unauthenticated')
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer /)
  })

  it('with a key no integration has, or not as a Bearer token: 401 unauthenticated', async () => {
    expectProblem(
      await apiRequest(hub.url, '/api/v1/services', { key: `${demoKey}x` }),
      401,
      'unauthenticated',
    )
    const basic = await apiRequest(hub.url, '/api/v1/services', {
      headers: { Authorization: `Basic ${demoKey}` },
    })
    expectProblem(basic, 401, 'unauthenticated')
  })

  it('with a key that lacks the scope: 403 insufficient_scope, naming the scope', async () => {
    const answer = await apiRequest(hub.url, '/api/v1/services', { key: SLOTS_ONLY_KEY })
    const body = expectProblem(answer, 403, 'insufficient_scope')
    expect(body.detail).toContain('services:read')
    expect(answer.headers['www-authenticate']).toContain('scope="services:read"')
  })

  it('over its rate: 429 rate_limited with Retry-After; other integrations carry on', async () => {
    const statuses = []
    for (let i = 0; i < 2; i++)
      statuses.push((await apiRequest(hub.url, '/api/v1/services', { key: SLOW_KEY })).status)
    expect(statuses).toEqual([200, 200])
    const over = await apiRequest(hub.url, '/api/v1/services', { key: SLOW_KEY })
    expectProblem(over, 429, 'rate_limited')
    // One request a thousand seconds.
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(900)
    expect((await apiRequest(hub.url, '/api/v1/services', { key: READER_KEY })).status).toBe(200)
  })
})

describe('requests the API does not take', () => {
  it('an unknown path: 404 not_found, before any key is asked for', async () => {
    expectProblem(await apiRequest(hub.url, '/api/v1/nothing-here'), 404, 'not_found')
    expectProblem(await apiRequest(hub.url, '/api/v1'), 404, 'not_found')
  })

  it('another method: 405 method_not_allowed with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const answer = await apiRequest(hub.url, '/api/v1/services', { method, key: demoKey, body: {} })
      expectProblem(answer, 405, 'method_not_allowed')
      expect(answer.headers.allow).toBe('GET, HEAD')
    }
  })

  it('an unknown query parameter: 400 validation_failed naming it', async () => {
    const answer = await apiRequest(hub.url, '/api/v1/services?lang=kk&x=1', { key: demoKey })
    const body = expectProblem(answer, 400, 'validation_failed')
    expect(body.errors).toEqual([
      { path: 'query.lang', message: 'unknown parameter' },
      { path: 'query.x', message: 'unknown parameter' },
    ])
  })

  it('a write not sent as JSON: 415 unsupported_media_type as problem+json', async () => {
    const answer = await apiRequest(hub.url, '/api/v1/services', {
      method: 'POST',
      key: demoKey,
      headers: { 'Content-Type': 'text/plain' },
      body: '{}',
    })
    expectProblem(answer, 415, 'unsupported_media_type')
  })

  it("a write from another site's page: 403 cross_origin as problem+json", async () => {
    const answer = await apiRequest(hub.url, '/api/v1/services', {
      method: 'POST',
      key: demoKey,
      headers: { Origin: 'https://evil.example' },
      body: {},
    })
    expectProblem(answer, 403, 'cross_origin')
  })

  it('leaves the rest of /api/ as it was: not problem+json there', async () => {
    const answer = await apiRequest(hub.url, '/api/nothing-here')
    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
  })
})

describe('GET /api/openapi.json', () => {
  it('needs no key and is the OpenAPI 3.1 document', async () => {
    const answer = await apiRequest<{ openapi: string; paths: Record<string, unknown> }>(
      hub.url,
      '/api/openapi.json',
    )
    expect(answer.status).toBe(200)
    expect(answer.body.openapi).toBe('3.1.0')
    expect(Object.keys(answer.body.paths)).toContain('/api/v1/services')
    const post = await apiRequest(hub.url, '/api/openapi.json', { method: 'POST', body: {} })
    expectProblem(post, 405, 'method_not_allowed')
  })
})

describe('guessing keys', () => {
  it('locks the address after too many wrong keys, at the API and the socket alike; other addresses carry on', async () => {
    const guarded = await startTestHub({ hubOptions: { connectionLimits: { maxFailures: 3 } } })
    try {
      const guess = (key: string, from = '127.0.0.1') =>
        apiRequest(guarded.url, '/api/v1/services', { key, from })
      // A request without any key guesses nothing, and is not counted.
      for (let i = 0; i < 5; i++)
        expectProblem(await apiRequest(guarded.url, '/api/v1/services'), 401, 'unauthenticated')
      for (let i = 0; i < 3; i++) expectProblem(await guess(`wrong-key-${i}`), 401, 'unauthenticated')
      // Now even the right key is not looked at from this address.
      const locked = await guess(demoKey)
      expectProblem(locked, 429, 'rate_limited')
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
      // The hub's one limiter: the socket handshake from this address is refused too.
      await expect(guarded.deviceClient('kiosk-1')).rejects.toMatchObject({ data: { code: 'rate_limited' } })
      // Another machine of the LAN is not affected.
      expect((await guess(demoKey, '127.0.0.2')).status).toBe(200)
    } finally {
      await guarded.close()
    }
  })
})
