/**
 * The session's allowlist proxy on its own, with Node's own clients: what it forwards, what it refuses
 * (and says it refused), and that closing it cuts a tunnel still open.
 */
import { createServer, request, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startAllowlistProxy,
  type AllowlistProxy,
  type ProxyRefusal,
} from '../../src-main/self-service-session/allowlist-proxy'
import { isAllowedPortalUrl } from '../../src-shared/self-service/portal-url'

let target: Server
let port = 0
let proxy: AllowlistProxy
const refusals: ProxyRefusal[] = []
const seen: { host: string; headers: Record<string, unknown>; body: string }[] = []

beforeAll(async () => {
  target = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      seen.push({ host: req.headers.host ?? '', headers: req.headers, body })
      res.writeHead(200, { 'X-Answer': 'yes', Connection: 'close' }).end(`echo ${body}`)
    })
  })
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  port = (target.address() as AddressInfo).port
  proxy = await startAllowlistProxy({
    isAllowed: (url) => isAllowedPortalUrl(url, [`127.0.0.1:${port}`]),
    onRefused: (refusal) => refusals.push(refusal),
  })
})

afterAll(async () => {
  await proxy.close()
  await new Promise((resolve) => target.close(resolve))
})

const proxyPort = () => Number(new URL(proxy.server).port)

/** A request through the proxy, absolute-form, as a browser sends it. */
function viaProxy(url: string, headers: Record<string, string> = {}, body = '') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: proxyPort(), method: body ? 'POST' : 'GET', path: url, headers },
        (res) => {
          let text = ''
          res.on('data', (chunk: Buffer) => (text += chunk.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
        },
      )
      req.on('error', reject)
      req.end(body)
    },
  )
}

/** Sends `CONNECT authority` and resolves with the socket and the proxy's status line. */
function tunnel(authority: string) {
  return new Promise<{ socket: Socket; status: string }>((resolve, reject) => {
    const socket = connect(proxyPort(), '127.0.0.1', () =>
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`),
    )
    socket.once('data', (chunk: Buffer) => resolve({ socket, status: chunk.toString().split('\r\n')[0]! }))
    socket.once('error', reject)
  })
}

describe('the allowlist proxy', () => {
  it('forwards an allowed request with its body, without the hop-by-hop headers', async () => {
    const answer = await viaProxy(
      `http://127.0.0.1:${port}/services?x=1`,
      { 'Proxy-Authorization': 'Basic x', 'X-Portal': 'kept', Connection: 'keep-alive, X-Hop', 'X-Hop': '1' },
      'IIN',
    )
    expect(answer).toMatchObject({ status: 200, body: 'echo IIN', headers: { 'x-answer': 'yes' } })
    const last = seen.at(-1)!
    expect(last.headers['x-portal']).toBe('kept')
    expect(last.headers['proxy-authorization']).toBeUndefined()
    expect(last.headers['x-hop']).toBeUndefined()
  })

  it('refuses a request off the list with 403 before it leaves, and says whether it was a navigation', async () => {
    const before = seen.length
    const answer = await viaProxy(`http://localhost:${port}/elsewhere`, { 'Sec-Fetch-Mode': 'navigate' })
    expect(answer.status).toBe(403)
    expect(await viaProxy(`http://127.0.0.2:${port}/pixel.png`)).toMatchObject({ status: 403 })
    expect(seen.length).toBe(before)
    expect(refusals.slice(-2)).toEqual([
      { host: `localhost:${port}`, navigation: true },
      { host: `127.0.0.2:${port}`, navigation: false },
    ])
  })

  it('tunnels CONNECT only to allowed hosts, and closing the proxy cuts an open tunnel', async () => {
    const refused = await tunnel(`localhost:${port}`)
    expect(refused.status).toBe('HTTP/1.1 403 Forbidden')
    expect(refusals.at(-1)).toEqual({ host: `localhost:${port}`, navigation: false })
    refused.socket.destroy()

    const open = await tunnel(`127.0.0.1:${port}`)
    expect(open.status).toBe('HTTP/1.1 200 Connection Established')
    const closed = new Promise<void>((resolve) => open.socket.once('close', () => resolve()))
    await proxy.close()
    await closed
  })
})
