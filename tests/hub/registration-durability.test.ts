/**
 * What survives: a registration in progress outlives a hub restart (closed or killed), and a binding's
 * submission to the mobile-citizen database is delivered exactly once however often the gateway fails,
 * with one idempotency key, across restarts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RegistrationUpdate } from '../../src-shared/protocol'
import type { SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import {
  connectClient,
  demoCredentials,
  expectOk,
  makeTempDir,
  signInAt,
  spawnHubProcess,
  startTestHub,
  type HubProcess,
  type TestClient,
  type TestHub,
  removeDataDir,
  TUESDAY_MORNING,
} from '../support/hub-harness'
import {
  CITIZEN,
  codeFromOutbox,
  eventually,
  FlakyCitizenDatabase,
  NEW_PHONE,
  register,
  REGISTRAR_DESK,
  startPayload,
} from './fixtures/registration'

let dataDir: string
const hubs: TestHub[] = []
const processes: HubProcess[] = []
const clients: TestClient[] = []

beforeEach(() => {
  dataDir = makeTempDir()
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  for (const hub of hubs.splice(0)) await hub.close()
  for (const proc of processes.splice(0)) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGTERM')
      await proc.exited
    }
  }
  removeDataDir(dataDir)
})

async function hubOn(options: Parameters<typeof startTestHub>[0] = {}): Promise<TestHub> {
  const hub = await startTestHub({ dataDir, ...options })
  hubs.push(hub)
  return hub
}

async function closeHub(hub: TestHub): Promise<void> {
  hubs.splice(hubs.indexOf(hub), 1)
  await hub.close()
}

describe('a registration in progress', () => {
  it('survives the hub closing and starting again on the same data folder', async () => {
    const first = await hubOn()
    const registrar = await first.staffClient('registrar')
    const start = expectOk(await register(registrar, 'registration:start', startPayload()))
    await closeHub(first)

    const second = await hubOn()
    const again = await second.staffClient('registrar')
    const status = expectOk(
      await register(again, 'registration:status', { registrationId: start.registrationId }),
    )
    expect(status.registration).toMatchObject({
      status: 'pending',
      expiresAt: start.expiresAt,
      attemptsLeft: 3,
    })
    const code = codeFromOutbox(dataDir, start.registrationId)
    const confirmed = expectOk(
      await register(again, 'registration:confirm', { registrationId: start.registrationId, code }),
    )
    expect(confirmed.binding).toMatchObject({ iin: CITIZEN.iin, phone: CITIZEN.e164, status: 'active' })
  })

  it('survives the hub process being killed (SIGKILL) mid-flow', async () => {
    const credentials = demoCredentials()
    const signIn = async (url: string) => {
      const token = await signInAt(url, 'registrar', credentials.passwords.registrar!)
      const client = await connectClient(url, { role: 'staff', token })
      clients.push(client)
      return client
    }
    const first = await spawnHubProcess(dataDir)
    processes.push(first)
    const start = expectOk(await register(await signIn(first.url), 'registration:start', startPayload()))
    first.child.kill('SIGKILL')
    await first.exited

    const second = await spawnHubProcess(dataDir)
    processes.push(second)
    const registrar = await signIn(second.url)
    const code = codeFromOutbox(dataDir, start.registrationId)
    const confirmed = expectOk(
      await register(registrar, 'registration:confirm', { registrationId: start.registrationId, code }),
    )
    expect(confirmed.binding.status).toBe('active')
    await eventually(async () => {
      const found = expectOk(
        await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }),
      )
      expect(found.bindings[0]?.delivery?.status).toBe('delivered')
    })
  })
})

describe('submitting to the mobile-citizen database', () => {
  it('retries a failing gateway with backoff and delivers exactly once, with one idempotency key', async () => {
    // Fails three times; the first failure comes after the database stored it (an unknown outcome).
    const database = new FlakyCitizenDatabase(3)
    const hub = await hubOn({ hubOptions: { registration: { gateway: database, deliveryBaseDelayMs: 10 } } })
    const registrar = await hub.staffClient('registrar')
    const supervisor = await hub.staffClient('supervisor')
    const start = expectOk(await register(registrar, 'registration:start', startPayload()))
    const code = codeFromOutbox(dataDir, start.registrationId)
    const binding = expectOk(
      await register(registrar, 'registration:confirm', { registrationId: start.registrationId, code }),
    ).binding

    await eventually(async () => {
      const found = expectOk(
        await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }),
      )
      expect(found.bindings[0]?.delivery).toMatchObject({ status: 'delivered', attempts: 4, lastError: null })
    })
    expect(database.calls).toHaveLength(4)
    expect(new Set(database.calls.map((c) => c.idempotencyKey))).toEqual(
      new Set([`astana-1:${binding.id}:binding-confirmed`]),
    )
    expect([...database.storedCount.values()]).toEqual([1])
    expect(database.calls[0]).toMatchObject({
      kind: 'binding-confirmed',
      bindingId: binding.id,
      iin: CITIZEN.iin,
      phone: CITIZEN.e164,
      centreId: 'astana-1',
      staffId: 'registrar-1',
      confirmation: 'sms-code',
      consent: { version: 'demo-2026-1', language: 'kk' },
    })

    // The registrar's and the supervisor's screens heard about it (ids only, no seq).
    const changes = (client: TestClient) =>
      client.received
        .filter((r) => r.event === 'registration:updated')
        .map((r) => (r.data as RegistrationUpdate).change)
    await eventually(() => expect(changes(supervisor)).toContain('delivered'))
    expect(changes(supervisor)).toEqual([
      'started',
      'confirmed',
      'delivery-retrying',
      'delivery-retrying',
      'delivery-retrying',
      'delivered',
    ])
    const last = supervisor.received.filter((r) => r.event === 'registration:updated').at(-1)!
      .data as RegistrationUpdate
    expect(last).toMatchObject({
      bindingId: binding.id,
      today: { started: 1, confirmed: 1, failed: 0, expired: 0 },
    })
    expect(last).not.toHaveProperty('seq')

    // Delivered, the outbox keeps only masked values.
    const db = (hub.store as SqliteEventStore).db
    const payload = JSON.parse(db.prepare('SELECT payload FROM gateway_outbox').pluck().get() as string) as {
      iin: string
      phone: string
    }
    expect(payload).toMatchObject({ iin: '8710******27', phone: '+7 (701) ***-**-78' })
  })

  it('resumes undelivered submissions after a restart and delivers each once', async () => {
    const database = new FlakyCitizenDatabase(Number.POSITIVE_INFINITY)
    let clock = TUESDAY_MORNING
    const first = await hubOn({
      now: () => clock,
      hubOptions: { registration: { gateway: database, deliveryBaseDelayMs: 60_000 } },
    })
    const registrar = await first.staffClient('registrar')
    const start = expectOk(await register(registrar, 'registration:start', startPayload()))
    const code = codeFromOutbox(dataDir, start.registrationId)
    const binding = expectOk(
      await register(registrar, 'registration:confirm', { registrationId: start.registrationId, code }),
    ).binding
    const change = expectOk(
      await register(registrar, 'registration:change-phone', {
        deskId: REGISTRAR_DESK,
        bindingId: binding.id,
        phone: NEW_PHONE.phone,
        documentChecked: true,
        consent: { accepted: true, language: 'ru' },
      }),
    )
    const newCode = codeFromOutbox(dataDir, change.registrationId)
    const moved = expectOk(
      await register(registrar, 'registration:confirm', {
        registrationId: change.registrationId,
        code: newCode,
      }),
    ).binding
    expectOk(
      await register(registrar, 'registration:revoke', {
        deskId: REGISTRAR_DESK,
        bindingId: moved.id,
        reason: 'moved abroad',
      }),
    )
    await eventually(() => expect(database.calls.length).toBeGreaterThanOrEqual(3))
    const found = expectOk(
      await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }),
    )
    expect(
      found.bindings.every((b) => b.delivery?.status === 'retrying' && b.delivery.lastError !== null),
    ).toBe(true)
    await closeHub(first)

    // Back, with the gateway working again, two minutes later (past the backoff).
    database.failures = database.calls.length
    clock += 2 * 60_000
    await hubOn({
      now: () => clock,
      hubOptions: { registration: { gateway: database, deliveryBaseDelayMs: 60_000 } },
    })
    const keys = [
      `astana-1:${binding.id}:binding-confirmed`,
      `astana-1:${moved.id}:binding-confirmed`,
      `astana-1:${moved.id}:binding-revoked`,
    ]
    await eventually(() => expect([...database.stored.keys()].sort()).toEqual([...keys].sort()))
    expect([...database.storedCount.values()]).toEqual([1, 1, 1])
    expect(database.stored.get(keys[1]!)).toMatchObject({
      phone: NEW_PHONE.e164,
      replacesBindingId: binding.id,
    })
    expect(database.stored.get(keys[2]!)).toMatchObject({ kind: 'binding-revoked', reason: 'moved abroad' })
  })

  it('the default local gateway records each submission once', async () => {
    const hub = await hubOn()
    const registrar = await hub.staffClient('registrar')
    const start = expectOk(await register(registrar, 'registration:start', startPayload()))
    const code = codeFromOutbox(dataDir, start.registrationId)
    const binding = expectOk(
      await register(registrar, 'registration:confirm', { registrationId: start.registrationId, code }),
    ).binding
    expectOk(
      await register(registrar, 'registration:revoke', {
        deskId: REGISTRAR_DESK,
        bindingId: binding.id,
        reason: 'test',
      }),
    )
    hub.hub.registration.deliverNow()
    const db = (hub.store as SqliteEventStore).db
    await eventually(() =>
      expect(db.prepare('SELECT kind FROM mobile_citizen_submissions ORDER BY kind').pluck().all()).toEqual([
        'binding-confirmed',
        'binding-revoked',
      ]),
    )
  })
})
