/**
 * The registration adapters on their own: the HTTP SMS gateway (JSON POST, Basic auth, retries with
 * backoff, time limits), the HTTP mobile-citizen gateway (idempotency key), the outbox file, and how a
 * hub behaves when the SMS cannot be sent or a secret is missing.
 */
import { statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { centreConfigSchema } from '../../src-shared/config'
import { createLogger } from '../../src-main/hub/logger'
import {
  citizenGatewayFromConfig,
  smsGatewayFromConfig,
} from '../../src-main/hub/registration/adapters/from-config'
import {
  HttpMobileCitizenGateway,
  type CitizenSubmission,
} from '../../src-main/hub/registration/adapters/mobile-citizen-gateway'
import {
  HttpSmsGateway,
  OutboxSmsGateway,
  type SmsGateway,
} from '../../src-main/hub/registration/adapters/sms-gateway'
import { openHub } from '../../src-main/hub/server'
import { openSqliteStore } from '../../src-main/hub/store/sqlite-store'
import {
  demoConfig,
  expectOk,
  makeTempDir,
  requestId,
  startTestHub,
  type TestHub,
  removeDataDir,
} from '../support/hub-harness'
import { codeFromOutbox, register, startPayload } from './fixtures/registration'

interface Received {
  headers: IncomingMessage['headers']
  body: unknown
}

const servers: Server[] = []
const dirs: string[] = []
let hub: TestHub | undefined

afterEach(async () => {
  await hub?.close()
  hub = undefined
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  for (const dir of dirs.splice(0)) removeDataDir(dir)
})

/** A gateway that answers each request with the next status of `script` (the last one repeats). */
async function fakeGateway(script: Array<number | 'hang'>): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      const step = script[Math.min(received.length - 1, script.length - 1)]!
      if (step === 'hang') return
      res.statusCode = step
      res.end(JSON.stringify({ echoed: 'never kept' }))
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, received }
}

const message = { to: '+77012345678', text: 'Код 123456: ...', reference: 'reg-1' }

describe('HttpSmsGateway', () => {
  it('POSTs JSON with Basic auth, retrying a failing gateway with backoff', async () => {
    const gateway = await fakeGateway([503, 502, 200])
    const sms = new HttpSmsGateway({
      url: gateway.url,
      username: 'kezek',
      password: 's3cret',
      timeoutMs: 1000,
      retries: 2,
      retryDelayMs: 20,
    })
    const started = Date.now()
    await sms.send(message)
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 + 40)
    expect(gateway.received).toHaveLength(3)
    expect(gateway.received[0]!.body).toEqual(message)
    expect(gateway.received[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('kezek:s3cret').toString('base64')}`,
    )
    expect(gateway.received[0]!.headers['content-type']).toBe('application/json')
  })

  it('gives up after its retries, and does not retry a refusal', async () => {
    const down = await fakeGateway([503])
    const sms = new HttpSmsGateway({
      url: down.url,
      username: 'u',
      password: 'p',
      timeoutMs: 1000,
      retries: 2,
      retryDelayMs: 1,
    })
    await expect(sms.send(message)).rejects.toThrow('the gateway answered HTTP 503')
    expect(down.received).toHaveLength(3)

    const refusing = await fakeGateway([401])
    const strict = new HttpSmsGateway({
      url: refusing.url,
      username: 'u',
      password: 'p',
      timeoutMs: 1000,
      retries: 2,
      retryDelayMs: 1,
    })
    await expect(strict.send(message)).rejects.toThrow('HTTP 401')
    expect(refusing.received).toHaveLength(1)
  })

  it('times out a gateway that does not answer, without quoting the message', async () => {
    const silent = await fakeGateway(['hang'])
    const sms = new HttpSmsGateway({
      url: silent.url,
      username: 'u',
      password: 'p',
      timeoutMs: 100,
      retries: 1,
      retryDelayMs: 1,
    })
    const error = await sms.send(message).then(
      () => null,
      (e: Error) => e,
    )
    expect(error?.message).toBe('no answer within 100 ms')
    expect(silent.received).toHaveLength(2)
  })
})

describe('HttpMobileCitizenGateway', () => {
  const submission: CitizenSubmission = {
    idempotencyKey: 'astana-1:b1:binding-confirmed',
    kind: 'binding-confirmed',
    bindingId: 'b1',
    iin: '871008401427',
    phone: '+77012345678',
    centreId: 'astana-1',
    deskId: 'desk-6',
    staffId: 'registrar-1',
    at: 1,
    channel: 'centre-desk',
    confirmation: 'sms-code',
    consent: { version: 'v1', language: 'kk', at: 1 },
    replacesBindingId: null,
    reason: null,
  }

  it('sends the idempotency key; 409 (seen before) counts as delivered, 5xx as a failure', async () => {
    const gateway = await fakeGateway([500, 409, 201])
    const client = new HttpMobileCitizenGateway({
      url: gateway.url,
      username: 'u',
      password: 'p',
      timeoutMs: 1000,
    })
    await expect(client.submit(submission)).rejects.toThrow('HTTP 500')
    await client.submit(submission)
    await client.submit(submission)
    expect(gateway.received.map((r) => r.headers['idempotency-key'])).toEqual(
      Array(3).fill(submission.idempotencyKey),
    )
    expect(gateway.received[0]!.body).toEqual(submission)
  })
})

describe('adapters from the config', () => {
  it('an HTTP adapter needs its password in the environment, and says which variable', async () => {
    const dir = makeTempDir()
    dirs.push(dir)
    const store = openSqliteStore(dir)
    try {
      const submissions = { recordSubmission: () => Promise.reject(new Error('not used here')) }
      const context = { dataDir: dir, submissions, now: Date.now, env: {} }
      const http = {
        kind: 'http' as const,
        url: 'https://sms.example.kz/send',
        username: 'kezek',
        passwordEnv: 'KEZEK_SMS_PASSWORD',
        timeoutMs: 5000,
      }
      expect(() => smsGatewayFromConfig({ ...http, retries: 2 }, context)).toThrow(
        'registration.sms.passwordEnv: the environment variable KEZEK_SMS_PASSWORD is not set',
      )
      expect(
        smsGatewayFromConfig({ ...http, retries: 2 }, { ...context, env: { KEZEK_SMS_PASSWORD: 'x' } }),
      ).toBeInstanceOf(HttpSmsGateway)
      expect(() => citizenGatewayFromConfig(http, context)).toThrow(/registration\.gateway\.passwordEnv/)
      const base = demoConfig()
      const config = centreConfigSchema.parse({
        ...base,
        registration: { ...base.registration, sms: { ...http, passwordEnv: 'KEZEK_TEST_UNSET_VARIABLE' } },
      })
      await expect(openHub({ config, store, logger: createLogger({ level: 'silent' }) })).rejects.toThrow(
        /KEZEK_TEST_UNSET_VARIABLE/,
      )
    } finally {
      store.close()
    }
  })
})

describe('OutboxSmsGateway', () => {
  it('writes a 0600 file of JSON lines, shows them masked and drops old ones', async () => {
    const dir = makeTempDir()
    dirs.push(dir)
    let now = 1_000
    const outbox = new OutboxSmsGateway(join(dir, 'sms-outbox.jsonl'), () => now)
    expect(statSync(outbox.file).mode & 0o777).toBe(0o600)
    await Promise.all([outbox.send(message), outbox.send({ ...message, reference: 'reg-2' })])
    now = 5_000
    await outbox.send({ ...message, reference: 'reg-3' })
    expect(outbox.messages().map((m) => m.reference)).toEqual(['reg-1', 'reg-2', 'reg-3'])
    expect(outbox.recent(2)).toEqual([
      expect.objectContaining({ reference: 'reg-3', to: '+7 (701) ***-**-78', text: message.text }),
      expect.objectContaining({ reference: 'reg-2' }),
    ])
    expect(await outbox.prune(2_000)).toBe(2)
    expect(outbox.messages().map((m) => m.reference)).toEqual(['reg-3'])
    expect(statSync(outbox.file).mode & 0o777).toBe(0o600)
  })
})

describe('a hub whose SMS cannot be sent', () => {
  it('answers sms_failed, stores nothing, and the same request succeeds once the gateway is back', async () => {
    let failing = true
    const dataDir = makeTempDir()
    dirs.push(dataDir)
    const outbox = new OutboxSmsGateway(join(dataDir, 'sms-outbox.jsonl'))
    const sms: SmsGateway = {
      send: (m) => (failing ? Promise.reject(new Error('no answer within 5000 ms')) : outbox.send(m)),
    }
    hub = await startTestHub({ dataDir, hubOptions: { registration: { sms } } })
    const registrar = await hub.staffClient('registrar')
    const start = { requestId: requestId(), ...startPayload() }
    expect(await registrar.send('registration:start', start)).toMatchObject({
      ok: false,
      error: { code: 'sms_failed', message: expect.stringContaining('+7 (701) ***-**-78') },
    })
    failing = false
    const ack = expectOk(await register(registrar, 'registration:start', start))
    expectOk(
      await register(registrar, 'registration:confirm', {
        registrationId: ack.registrationId,
        code: codeFromOutbox(dataDir, ack.registrationId),
      }),
    )
  })

  it('the SMS outbox page is off when SMS go through a gateway', async () => {
    const sms: SmsGateway = { send: async () => undefined }
    hub = await startTestHub({ hubOptions: { registration: { sms } } })
    const token = await hub.signIn('registrar')
    const response = await fetch(`${hub.url}/api/sms-outbox`, {
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(response.status).toBe(404)
  })
})
