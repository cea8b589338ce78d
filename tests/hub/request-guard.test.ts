/**
 * A page of another site cannot drive the HTTP API from a staff member's browser: a sign-in that is not
 * `application/json` gets 415, one whose Origin is not the hub's gets 403, and neither spends an attempt
 * of the sign-in lockout. Clients that send no Origin (curl, scripts, the shells) are unaffected, and the
 * lockout stays per address and login.
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isJson } from '../../src-main/hub/http/request-guard'
import { demoConfig, startTestHub, type TestHub } from '../support/hub-harness'

let hub: TestHub

beforeAll(async () => {
  const config = demoConfig()
  config.centre.publicUrl = 'https://kezek.example.kz'
  hub = await startTestHub({ config })
})

afterAll(async () => {
  await hub.close()
})

interface Answer {
  status: number
  body: { error?: { code: string; message: string }; token?: string } | null
}

interface Sent {
  method?: string
  headers?: Record<string, string>
  body?: string
  /** The client's own address, e.g. 127.0.0.2 to come from another machine of the centre's LAN. */
  from?: string
}

/** A raw HTTP request, so the test sets Origin, Host and Sec-Fetch-Site as a browser would. */
function send(path: string, { method = 'POST', headers = {}, body, from }: Sent): Promise<Answer> {
  const { hostname, port } = new URL(hub.url)
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method, headers, ...(from ? { localAddress: from } : {}) },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const credentials = (login: string, password: string) => JSON.stringify({ login, password })
const JSON_TYPE = { 'Content-Type': 'application/json' }
const signIn = (login: string, password: string, sent: Sent = {}) =>
  send('/api/sessions', {
    ...sent,
    headers: { ...JSON_TYPE, ...sent.headers },
    body: credentials(login, password),
  })

/**
 * Proves that `login` has no failed attempt on record from this address: four wrong passwords are still
 * answered 401 and the right one signs in. One earlier failure would have made the fifth a lockout.
 */
async function expectNoFailureCounted(login: string, from?: string): Promise<void> {
  for (let i = 0; i < 4; i++) expect((await signIn(login, `wrong-${i}`, { from })).status).toBe(401)
  const right = await signIn(login, hub.credentials.passwords[login]!, { from })
  expect(right.status).toBe(201)
  expect(right.body?.token).toMatch(/^[A-Za-z0-9_-]{40,}$/)
}

describe('POST /api/sessions takes only application/json', () => {
  it.each([
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['JSON in another charset', 'application/json; charset=latin1'],
    ['a JSON-like type', 'application/json-patch+json'],
  ])('refuses %s with 415, naming what to send', async (_name, contentType) => {
    const answer = await send('/api/sessions', {
      headers: { 'Content-Type': contentType },
      body: credentials('consultant1', 'kezek-demo-1'),
    })
    expect(answer.status).toBe(415)
    expect(answer.body?.error?.code).toBe('unsupported_media_type')
    expect(answer.body?.error?.message).toContain('Content-Type: application/json')
  })

  it('refuses a body with no Content-Type at all', async () => {
    const answer = await send('/api/sessions', { body: credentials('consultant1', 'kezek-demo-1') })
    expect(answer.status).toBe(415)
    expect(answer.body?.error?.message).toContain('not no Content-Type')
  })

  it('leaves a request without a body to its route', async () => {
    const answer = await send('/api/self-service', { headers: { 'Content-Length': '0' } })
    expect(answer.status).toBe(405)
    expect(answer.body?.error?.code).toBe('method_not_allowed')
  })

  it('counts no sign-in attempt for a refused body', async () => {
    for (let i = 0; i < 6; i++) {
      const answer = await send('/api/sessions', {
        headers: { 'Content-Type': 'text/plain' },
        body: credentials('consultant2', `wrong-${i}`),
      })
      expect(answer.status).toBe(415)
    }
    await expectNoFailureCounted('consultant2')
  })

  it('accepts application/json with a utf-8 charset', async () => {
    const answer = await send('/api/sessions', {
      headers: { 'Content-Type': 'Application/JSON; Charset="UTF-8"' },
      body: credentials('consultant1', 'kezek-demo-1'),
    })
    expect(answer.status).toBe(201)
  })
})

describe('a request sent by a page of another origin', () => {
  it.each([
    ['another site', { Origin: 'https://evil.example' }],
    ['another port of the same host', { Origin: 'http://127.0.0.1:1' }],
    ['an opaque origin', { Origin: 'null' }],
    ['a Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['its own origin but cross-site', { Origin: 'ORIGIN', 'Sec-Fetch-Site': 'cross-site' }],
  ])('is refused with 403 (%s)', async (_name, headers: Record<string, string>) => {
    const own = new URL(hub.url).origin
    const sent = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('ORIGIN', own)]))
    const answer = await signIn('consultant1', 'kezek-demo-1', { headers: sent })
    expect(answer.status).toBe(403)
    expect(answer.body?.error?.code).toBe('cross_origin')
  })

  it('is refused before its body is read: even text/plain gets 403, not 415', async () => {
    const answer = await send('/api/sessions', {
      headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
      body: 'anything',
    })
    expect(answer.status).toBe(403)
  })

  it('spends no sign-in attempt', async () => {
    for (let i = 0; i < 6; i++) {
      const answer = await signIn('consultant3', `wrong-${i}`, {
        headers: { Origin: 'https://evil.example' },
      })
      expect(answer.status).toBe(403)
    }
    await expectNoFailureCounted('consultant3')
  })

  it('cannot sign anyone out', async () => {
    const token = await hub.signIn('supervisor')
    const answer = await send('/api/sessions', {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}`, Origin: 'https://evil.example' },
    })
    expect(answer.status).toBe(403)
    // The session still lets its owner in.
    const client = await hub.staffClient('supervisor', { token })
    expect(client.socket.connected).toBe(true)
  })

  it('may still read what any page may read (CORS keeps the answer from it)', async () => {
    const answer = await send('/api/self-service', {
      method: 'GET',
      headers: { Origin: 'https://evil.example' },
    })
    expect(answer.status).toBe(200)
  })
})

describe('a request from the hub itself or from no page', () => {
  it('signs in without an Origin (curl, scripts, the kiosk shells)', async () => {
    expect((await signIn('consultant1', 'kezek-demo-1')).status).toBe(201)
  })

  it("signs in from the hub's own page, as its Host header names it", async () => {
    const own = new URL(hub.url)
    const sameOrigin = { Origin: own.origin, 'Sec-Fetch-Site': 'same-origin' }
    expect((await signIn('consultant1', 'kezek-demo-1', { headers: sameOrigin })).status).toBe(201)
    // Reached by a name of the centre's LAN: the page's origin is that name, and so is the Host.
    const byName = { Host: `kezek-hub.lan:${own.port}`, Origin: `http://kezek-hub.lan:${own.port}` }
    expect((await signIn('consultant1', 'kezek-demo-1', { headers: byName })).status).toBe(201)
    // A default port is the same origin whether written or not.
    const defaultPort = { Host: 'kezek-hub.lan:80', Origin: 'http://kezek-hub.lan' }
    expect((await signIn('consultant1', 'kezek-demo-1', { headers: defaultPort })).status).toBe(201)
  })

  it("signs in from a page at the centre's publicUrl (a proxy in front of the hub)", async () => {
    const proxied = { Origin: 'https://kezek.example.kz', 'Sec-Fetch-Site': 'same-origin' }
    expect((await signIn('consultant1', 'kezek-demo-1', { headers: proxied })).status).toBe(201)
    // Only that origin: another scheme or port of the same name is not it.
    const other = { Origin: 'http://kezek.example.kz' }
    expect((await signIn('consultant1', 'kezek-demo-1', { headers: other })).status).toBe(403)
  })
})

describe('the sign-in lockout', () => {
  it('is per address: failures from one machine do not lock the login on another', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await signIn('registrar', `wrong-${i}`, { from: '127.0.0.2' })).status).toBe(401)
    }
    const locked = await signIn('registrar', 'kezek-demo-registrar', { from: '127.0.0.2' })
    expect(locked.status).toBe(429)
    expect((await signIn('registrar', 'kezek-demo-registrar', { from: '127.0.0.1' })).status).toBe(201)
    await expectNoFailureCounted('registrar', '127.0.0.3')
  })
})

describe('isJson', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/json;charset=UTF-8', true],
    ['application/json; charset="utf-8"', true],
    [' APPLICATION/JSON ', true],
    ['application/json; charset=utf-16', false],
    ['application/json; boundary=x', false],
    ['text/json', false],
    ['text/plain', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (contentType, expected) => {
    expect(isJson(contentType)).toBe(expected)
  })
})
