/**
 * Writes through the integration API, tested on the module itself: the hub has no write route yet, so
 * this file mounts the API (behind the hub's router and request guard) with one route of its own that
 * issues a ticket through the real engine on a real SQLite store. What it shows holds for every write:
 *
 * - no `Idempotency-Key`, or a malformed one: 400, and nothing changes;
 * - a body that is not JSON, too large, not sent as JSON or with bad fields: a problem naming each field;
 * - the same key and body: the first answer again (status and body), also after a restart;
 * - the same key with another body: 422 `idempotency_key_reused`, and nothing changes;
 * - the centre's refusal of the command: its own code, stored like any answer;
 * - a bug (500 `internal`) or a store that cannot write (503 `storage_failed`): problem+json too, and a
 *   write that was not stored is done once when it is sent again after the restart.
 */
import { newKey, Vault, VaultEntries } from '../../src-main/hub/vault'
import { openEntryRecords } from '../../src-main/hub/vault/records'
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { centreConfigSchema, type CentreConfig } from '../../src-shared/config'
import { CentreEngine } from '../../src-main/hub/centre-engine'
import { ConnectionLimits, validConnectionLimits } from '../../src-main/hub/connection-limits'
import { API_ROUTES, apiApp } from '../../src-main/hub/http/api'
import { requestGuard } from '../../src-main/hub/http/request-guard'
import { httpRouter } from '../../src-main/hub/http/router'
import { createLogger } from '../../src-main/hub/logger'
import { hashDeviceKey, newToken } from '../../src-main/hub/passwords'
import { openSqliteStore, type SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import { apiRequest, demoIntegrationKey, expectProblem, type ApiRequest } from '../support/api-client'
import { brokenRoute, issueRoute, ticketRoute } from '../support/api-test-route'
import { demoConfig, makeTempDir, removeDataDir } from '../support/hub-harness'

const OTHER_KEY = 'test-other-0123456789abcdefghijklmnopqrs'
const READER_KEY = 'test-reader-0123456789abcdefghijklmnopq'
const logger = createLogger({ level: 'silent' })

interface Running {
  url: string
  engine: CentreEngine
  store: SqliteEventStore
  server: Server
}

let config: CentreConfig
const KEY = newKey()
let dataDir: string
let running: Running

/** The API on an engine over the SQLite file in `dataDir`, behind the hub's router and guard. */
async function start(): Promise<Running> {
  const store = openSqliteStore(dataDir)
  const engine = await CentreEngine.open({
    config,
    store,
    logger,
    newId: () => randomUUID(),
    newToken: () => newToken(18),
  })
  const limits = new ConnectionLimits(validConnectionLimits())
  // The vault entries beside the engine, as the hub mounts them (a key of the test's own).
  const vault = new Vault({ current: KEY.id, keys: [KEY] })
  const entries = new VaultEntries((await openEntryRecords(store))!, vault)
  const server = createServer(
    httpRouter({
      guard: requestGuard({ allowedOrigins: [], logger }),
      apps: [
        apiApp({
          config,
          engine,
          limits,
          logger,
          entries,
          vault,
          routes: [...API_ROUTES, issueRoute, ticketRoute, brokenRoute],
        }),
      ],
      faces: async (_req, res) => {
        res.statusCode = 404
        res.end()
      },
      logger,
    }),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, engine, store, server }
}

async function stop({ server, engine, store }: Running): Promise<void> {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await engine.idle()
  store.close()
}

const demoKey = demoIntegrationKey()

function post(body: unknown, idempotencyKey: string | undefined, more: ApiRequest = {}) {
  return apiRequest<{ ticket: { number: string; serviceId: string } }>(running.url, '/api/v1/test-tickets', {
    method: 'POST',
    key: demoKey,
    body,
    ...more,
    headers: {
      ...(idempotencyKey !== undefined ? { 'Idempotency-Key': idempotencyKey } : {}),
      ...more.headers,
    },
  })
}

const ticketCount = () => Object.keys(running.engine.state.tickets).length

beforeAll(() => {
  const base = demoConfig()
  config = centreConfigSchema.parse({
    ...base,
    integrations: [
      ...base.integrations,
      { id: 'other', name: 'Other', keyHash: hashDeviceKey(OTHER_KEY), scopes: ['bookings:write'] },
      { id: 'reader', name: 'Reader', keyHash: hashDeviceKey(READER_KEY), scopes: ['services:read'] },
    ],
  })
})

describe('a write through the API', () => {
  beforeAll(async () => {
    dataDir = makeTempDir()
    running = await start()
  })
  afterAll(async () => {
    await stop(running)
    removeDataDir(dataDir)
  })

  it('becomes one engine command; the same key and body get the first answer again, nothing new', async () => {
    const key = randomUUID()
    const first = await post({ serviceId: 'no-criminal-record' }, key)
    expect(first.status).toBe(201)
    expect(first.body.ticket).toMatchObject({
      number: expect.stringMatching(/^A\d{3}$/),
      serviceId: 'no-criminal-record',
    })
    const again = await post({ serviceId: 'no-criminal-record' }, key)
    expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body })
    expect(ticketCount()).toBe(1)
  })

  it('at the same moment twice: one command, the same answer to both', async () => {
    const key = randomUUID()
    const before = ticketCount()
    const [a, b] = await Promise.all([
      post({ serviceId: 'no-criminal-record' }, key),
      post({ serviceId: 'no-criminal-record' }, key),
    ])
    expect(a.status).toBe(201)
    expect(b.body).toEqual(a.body)
    expect(ticketCount()).toBe(before + 1)
  })

  it('the same key with another body: 422 idempotency_key_reused, and nothing changes', async () => {
    const key = randomUUID()
    expect((await post({ serviceId: 'no-criminal-record' }, key)).status).toBe(201)
    const before = ticketCount()
    expectProblem(await post({ serviceId: 'psychiatric-certificate' }, key), 422, 'idempotency_key_reused')
    expect(ticketCount()).toBe(before)
  })

  it("is the integration's own: another integration's same key is its own action", async () => {
    const key = randomUUID()
    const mine = await post({ serviceId: 'no-criminal-record' }, key)
    const theirs = await post({ serviceId: 'no-criminal-record' }, key, { key: OTHER_KEY })
    expect([mine.status, theirs.status]).toEqual([201, 201])
    expect(theirs.body.ticket.number).not.toBe(mine.body.ticket.number)
  })

  it("a refusal by the centre carries its own code, and is the key's answer from then on", async () => {
    const key = randomUUID()
    const before = ticketCount()
    const refused = expectProblem(await post({ serviceId: 'no-such-service' }, key), 422, 'unknown_service')
    expect(refused.detail).toContain('no-such-service')
    expectProblem(await post({ serviceId: 'no-such-service' }, key), 422, 'unknown_service')
    expectProblem(await post({ serviceId: 'no-criminal-record' }, key), 422, 'idempotency_key_reused')
    expect(ticketCount()).toBe(before)
  })

  it('without an Idempotency-Key, or with a malformed one: 400, and nothing changes', async () => {
    const before = ticketCount()
    const missing = expectProblem(
      await post({ serviceId: 'no-criminal-record' }, undefined),
      400,
      'idempotency_key_required',
    )
    expect(missing.errors).toEqual([{ path: 'header.Idempotency-Key', message: 'required' }])
    expectProblem(await post({ serviceId: 'no-criminal-record' }, ''), 400, 'idempotency_key_required')
    for (const bad of ['has space', 'x'.repeat(129), 'key*1', 'a/b', 'a,b']) {
      expectProblem(await post({ serviceId: 'no-criminal-record' }, bad), 400, 'idempotency_key_invalid')
    }
    // Every allowed character, at the longest length.
    const longest = `Az09_-:.${'k'.repeat(120)}`
    expect((await post({ serviceId: 'no-criminal-record' }, longest)).status).toBe(201)
    expect(ticketCount()).toBe(before + 1)
  })

  it('names every bad field of the body, and changes nothing', async () => {
    const before = ticketCount()
    const answer = await post({ serviceId: '', categoryId: 5, extra: true }, randomUUID())
    const body = expectProblem(answer, 400, 'validation_failed')
    expect(body.errors?.map((e) => e.path).sort()).toEqual([
      'body.categoryId',
      'body.extra',
      'body.serviceId',
    ])
    expect(body.detail).toContain('body.serviceId')
    const notObject = expectProblem(await post([1, 2], randomUUID()), 400, 'validation_failed')
    expect(notObject.errors).toEqual([{ path: 'body', message: expect.any(String) }])
    expect(ticketCount()).toBe(before)
  })

  it('a body that is not JSON, too large, or not sent as JSON: 400, 413, 415, and nothing changes', async () => {
    const before = ticketCount()
    expectProblem(
      await post('{"serviceId": ', randomUUID(), { headers: { 'Content-Type': 'application/json' } }),
      400,
      'invalid_json',
    )
    expectProblem(
      await post('', randomUUID(), { headers: { 'Content-Type': 'application/json' } }),
      400,
      'invalid_json',
    )
    expectProblem(await post({ serviceId: 'x'.repeat(5000) }, randomUUID()), 413, 'payload_too_large')
    expectProblem(
      await post('serviceId=no-criminal-record', randomUUID(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'unsupported_media_type',
    )
    expect(ticketCount()).toBe(before)
  })

  it('a read checks its path and query, and refuses in problem+json with its own code', async () => {
    const issued = await post({ serviceId: 'no-criminal-record' }, randomUUID())
    const { number } = issued.body.ticket
    const read = (path: string) => apiRequest(running.url, `/api/v1/test-tickets/${path}`, { key: demoKey })
    expect((await read(number)).body).toEqual({ number })
    expect((await read(`${number}?view=long`)).body).toEqual({ number, serviceId: 'no-criminal-record' })
    expectProblem(await read('Z999'), 404, 'unknown_ticket')
    const bad = expectProblem(await read('nope?view=wide&x=1'), 400, 'validation_failed')
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(['path.number', 'query.view', 'query.x'])
    expectProblem(await read(`${number}/more`), 404, 'not_found')
    const wrongMethod = await apiRequest(running.url, `/api/v1/test-tickets/${number}`, {
      method: 'DELETE',
      key: demoKey,
    })
    expectProblem(wrongMethod, 405, 'method_not_allowed')
    expect(wrongMethod.headers.allow).toBe('GET, HEAD')
  })

  it('asks for the key and its scope before it reads anything', async () => {
    const before = ticketCount()
    expectProblem(
      await post({ serviceId: 'no-criminal-record' }, undefined, { key: 'not-a-key' }),
      401,
      'unauthenticated',
    )
    expectProblem(
      await post({ serviceId: 'no-criminal-record' }, randomUUID(), { key: READER_KEY }),
      403,
      'insufficient_scope',
    )
    expect(ticketCount()).toBe(before)
  })
})

describe('a retried write across a restart', () => {
  beforeAll(() => {
    dataDir = makeTempDir()
  })
  afterEach(async () => {
    await stop(running)
  })
  afterAll(() => {
    removeDataDir(dataDir)
  })

  it('gets the first answer from the store: status and body, and no second ticket', async () => {
    const key = `retry-${randomUUID()}`
    running = await start()
    const first = await post({ serviceId: 'no-criminal-record' }, key)
    expect(first.status).toBe(201)
    const refusedKey = randomUUID()
    const refused = await post({ serviceId: 'no-such-service' }, refusedKey)
    await stop(running)

    running = await start()
    expect(ticketCount()).toBe(1)
    const again = await post({ serviceId: 'no-criminal-record' }, key)
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body })
    const refusedAgain = await post({ serviceId: 'no-such-service' }, refusedKey)
    expect({ status: refusedAgain.status, body: refusedAgain.body }).toEqual({
      status: refused.status,
      body: refused.body,
    })
    expectProblem(await post({ serviceId: 'psychiatric-certificate' }, key), 422, 'idempotency_key_reused')
    expect(ticketCount()).toBe(1)
  })
})

describe('when the hub fails', () => {
  beforeAll(async () => {
    dataDir = makeTempDir()
    running = await start()
  })
  afterAll(async () => {
    await stop(running)
    removeDataDir(dataDir)
  })

  it('a bug in a route: 500 internal as problem+json, and the API keeps answering', async () => {
    const answer = await apiRequest(running.url, '/api/v1/test-broken', { key: demoKey })
    const body = expectProblem(answer, 500, 'internal')
    // Nothing of the error itself reaches the caller.
    expect(body.detail).not.toContain('test bug')
    expect((await apiRequest(running.url, '/api/v1/services', { key: demoKey })).status).toBe(200)
  })

  it('a store that cannot write: 503 storage_failed, and the write is not done', async () => {
    running.store.commit = () => {
      throw new Error('disk full')
    }
    const key = randomUUID()
    expectProblem(await post({ serviceId: 'no-criminal-record' }, key), 503, 'storage_failed')
    expectProblem(await post({ serviceId: 'no-criminal-record' }, key), 503, 'storage_failed')
    // The hub restarts (as its onFatal would have it): nothing was stored, and the same key does the
    // action now, once.
    await stop(running)
    running = await start()
    expect(ticketCount()).toBe(0)
    expect((await post({ serviceId: 'no-criminal-record' }, key)).status).toBe(201)
    expect((await post({ serviceId: 'no-criminal-record' }, key)).status).toBe(201)
    expect(ticketCount()).toBe(1)
  })
})
