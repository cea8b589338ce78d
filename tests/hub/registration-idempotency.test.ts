/**
 * The registration desk's request ids follow the rules of every other command: a true retry gets the
 * first answer, live and after a restart; the same id with another payload is `request_id_reused`,
 * changes nothing and is not stored. The fingerprint that tells them apart is keyed: the database
 * alone does not reveal the IIN and phone it was made from. An unknown query is refused.
 */
import { statSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  REGISTRATION_QUERIES,
  registrationSchemas,
  type RegistrationCommandType,
} from '../../src-shared/protocol'
import { commandFingerprint, keyedFingerprint } from '../../src-main/hub/idempotency'
import type { DeskActor } from '../../src-main/hub/registration/registration-desk'
import { defaultKeyFile, newKey, readKeyFile, Vault, writeKeyFile } from '../../src-main/hub/vault'
import type { SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import {
  expectOk,
  makeTempDir,
  requestId,
  startTestHub,
  type TestClient,
  type TestHub,
  removeDataDir,
} from '../support/hub-harness'
import {
  codeFromOutbox,
  NEW_PHONE,
  OTHER_CITIZEN,
  outboxLines,
  register,
  REGISTRAR_DESK,
  startPayload,
  wrongCode,
} from './fixtures/registration'

let dataDir: string
let hub: TestHub
let registrar: TestClient

beforeEach(async () => {
  dataDir = makeTempDir()
  hub = await startTestHub({ dataDir })
  registrar = await hub.staffClient('registrar')
})

afterEach(async () => {
  await hub.close()
  removeDataDir(dataDir)
})

async function restart(): Promise<void> {
  await hub.close()
  hub = await startTestHub({ dataDir })
  registrar = await hub.staffClient('registrar')
}

const REUSED = { ok: false, error: { code: 'request_id_reused', message: expect.any(String) } }

describe('a registration request id', () => {
  it('retried during a key rotation gets its first answer, and another payload is still refused', async () => {
    const rid = requestId()
    const payload = { ...startPayload(), requestId: rid }
    const first = expectOk(await register(registrar, 'registration:start', payload))
    // A rotation's first step: a new current key beside the old one (rotate-key.ts).
    await hub.close()
    const keyFile = defaultKeyFile(dataDir)
    const ring = readKeyFile(keyFile)!
    const key = newKey(ring.keys.map((k) => k.id))
    writeKeyFile(keyFile, { current: key.id, keys: [...ring.keys, key] })
    hub = await startTestHub({ dataDir })
    registrar = await hub.staffClient('registrar')
    expect(await registrar.send('registration:start', payload)).toEqual(first)
    expect(
      await registrar.send('registration:start', {
        ...startPayload({ phone: NEW_PHONE.phone }),
        requestId: rid,
      }),
    ).toEqual(REUSED)
    expect(outboxLines(dataDir)).toHaveLength(1)
  })

  it('reused with another payload is refused with request_id_reused, live and after a restart', async () => {
    const rid = requestId()
    const first = expectOk(
      await register(registrar, 'registration:start', { ...startPayload(), requestId: rid }),
    )
    const other = { ...startPayload({ phone: NEW_PHONE.phone }), requestId: rid }
    expect(await registrar.send('registration:start', other)).toEqual(REUSED)
    // A true retry (keys in another order, an optional field as null) still gets the first answer.
    const { deskId, ...rest } = startPayload()
    expect(
      await registrar.send('registration:start', { requestId: rid, ticketId: null, ...rest, deskId }),
    ).toEqual(first)
    expect(outboxLines(dataDir)).toHaveLength(1)

    await restart()
    expect(await registrar.send('registration:start', { ...startPayload(), requestId: rid })).toEqual(first)
    expect(await registrar.send('registration:start', other)).toEqual(REUSED)
    // Nothing changed: one code sent, one registration, still pending with its three attempts.
    expect(outboxLines(dataDir)).toHaveLength(1)
    const status = expectOk(
      await register(registrar, 'registration:status', { registrationId: first.registrationId }),
    )
    expect(status.registration).toMatchObject({ status: 'pending', attemptsLeft: 3 })
  })

  it('reused with another payload while the first is still being decided is refused', async () => {
    const rid = requestId()
    const [first, reused] = await Promise.all([
      registrar.send('registration:start', { ...startPayload(), requestId: rid }),
      registrar.send('registration:start', { ...startPayload({ iin: OTHER_CITIZEN.iin }), requestId: rid }),
    ])
    expectOk(first as { ok: boolean })
    expect(reused).toEqual(REUSED)
    expect(outboxLines(dataDir)).toHaveLength(1)
  })

  it('reused for a confirm with another code costs no attempt; the true retry gets the first answer', async () => {
    const start = expectOk(await register(registrar, 'registration:start', startPayload()))
    const code = codeFromOutbox(dataDir, start.registrationId)
    const rid = requestId()
    const wrong = { requestId: rid, registrationId: start.registrationId, code: wrongCode(code) }
    const first = await registrar.send('registration:confirm', wrong)
    expect(first).toMatchObject({ ok: false, error: { code: 'otp_wrong' } })
    expect(await registrar.send('registration:confirm', { ...wrong, code })).toEqual(REUSED)
    await restart()
    expect(await registrar.send('registration:confirm', { ...wrong, code })).toEqual(REUSED)
    expect(await registrar.send('registration:confirm', wrong)).toEqual(first)
    const status = expectOk(
      await register(registrar, 'registration:status', { registrationId: start.registrationId }),
    )
    expect(status.registration).toMatchObject({ status: 'pending', attemptsLeft: 2 })
  })

  it('is scoped per command name, as for queue commands: another command under it is decided', async () => {
    const rid = requestId()
    const start = expectOk(
      await register(registrar, 'registration:start', { ...startPayload(), requestId: rid }),
    )
    expect(
      await registrar.send('registration:resend', { requestId: rid, registrationId: start.registrationId }),
    ).toMatchObject({ ok: false, error: { code: 'otp_resend_too_soon' } })
    expect(outboxLines(dataDir)).toHaveLength(1)
  })

  it('is stored with a keyed fingerprint, never a plain hash of the IIN and phone', async () => {
    const rid = requestId()
    const payload = startPayload()
    expectOk(await register(registrar, 'registration:start', { ...payload, requestId: rid }))
    const db = (hub.store as SqliteEventStore).db
    const row = db
      .prepare('SELECT principal, fingerprint FROM command_results WHERE request_id = ?')
      .get(rid) as { principal: string; fingerprint: string | null }
    expect(row.principal).toBe('staff:registrar-1|registration:start')
    const { requestId: _sent, ...fields } = registrationSchemas['registration:start'].parse({
      ...payload,
      requestId: rid,
    })
    const parsed = { type: 'registration:start', ...fields }
    expect(row.fingerprint).not.toBeNull()
    expect(row.fingerprint).not.toBe(commandFingerprint(parsed))
    // The key derives from the vault's key file, beside (never in) the data folder, readable by the hub alone.
    const keyFile = defaultKeyFile(dataDir)
    expect(keyFile.startsWith(`${dataDir}/`)).toBe(false)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    const key = new Vault(readKeyFile(keyFile)!).fingerprintKeys[0]!
    expect(row.fingerprint).toBe(keyedFingerprint(key, parsed))
    await restart()
    expect(new Vault(readKeyFile(keyFile)!).fingerprintKeys[0]).toEqual(key)
  })
})

describe('an unknown registration query', () => {
  const actor: DeskActor = { staffId: 'registrar-1', roles: ['registrar'], principalKey: 'staff:registrar-1' }
  const lookup = { requestId: requestId(), deskId: REGISTRAR_DESK, iin: OTHER_CITIZEN.iin }
  const views = () =>
    (hub.store as SqliteEventStore).db
      .prepare(`SELECT count(*) FROM registration_audit WHERE action = 'view'`)
      .pluck()
      .get()

  it('is refused with unknown_command, not answered as binding:find', async () => {
    const queries = REGISTRATION_QUERIES as Set<RegistrationCommandType>
    const peek = 'registration:peek' as RegistrationCommandType
    queries.add(peek)
    try {
      const answer = await hub.hub.registration.handle(actor, peek, lookup as never)
      expect(answer).toMatchObject({ ok: false, error: { code: 'unknown_command' } })
    } finally {
      queries.delete(peek)
    }
    expect(views()).toBe(0)
  })

  it('nor is an unknown command stored or decided', async () => {
    const answer = await hub.hub.registration.handle(actor, 'registration:peek' as never, lookup as never)
    expect(answer).toMatchObject({ ok: false, error: { code: 'unknown_command' } })
    expect(views()).toBe(0)
  })
})

describe('a registration answer stored before scopes and fingerprints', () => {
  it('still answers its retry (compatibility with the rows of the previous release)', async () => {
    const rid = requestId()
    const legacy = { ok: true, registrationId: 'legacy-1', iinMasked: '8710******27' }
    ;(hub.store as SqliteEventStore).db
      .prepare('INSERT INTO command_results (principal, request_id, ack, at) VALUES (?, ?, ?, ?)')
      .run('staff:registrar-1', `reg:${rid}`, JSON.stringify(legacy), Date.now())
    expect(await registrar.send('registration:start', { ...startPayload(), requestId: rid })).toEqual(legacy)
    expect(outboxLines(dataDir)).toHaveLength(0)
  })
})
