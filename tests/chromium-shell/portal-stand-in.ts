/**
 * A stand-in egov portal on loopback for the Chromium shell's tests: the pages of the no-criminal-record
 * scenario (`withPortalStandIn` moves the demo config onto it), a sign-in page that leaves a cookie,
 * localStorage and an IndexedDB database, and the traps the allowlist must catch. The other loopback
 * name of the same server (`localhost:<port>`) plays the off-list host, so the server's log shows
 * whether anything ever reached it (WebSocket handshakes included).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'

export interface PortalHit {
  host: string
  path: string
  cookie: string | null
}

export interface PortalStandIn {
  /** `http://127.0.0.1:<port>`: the allowed portal. */
  origin: string
  /** `http://localhost:<port>`: the same server under a host off the allowlist. */
  offList: string
  /**
   * `http://127.0.0.2:<port>`: the same pages on a second allowed host, another site for Chromium (it
   * runs in another renderer process), like a portal whose sign-in lives on another domain.
   */
  otherSite: string
  hits: PortalHit[]
  close(): Promise<void>
}

export const START_PATH = '/cms/ru/services/pass001_mvd'
/** The bytes of the stand-in's certificate download: a PDF header and a line. */
export const CERTIFICATE_PDF = '%PDF-1.4\n% Kezek stand-in certificate\n'

const page = (title: string, body: string, script = '') => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font: 24px sans-serif"><h1>${title}</h1>${body}
<script>${script}</script></body></html>`

/** `certificate`: the bytes of the certificate download (default `CERTIFICATE_PDF`), e.g. a real PDF. */
export async function startPortalStandIn(
  options: { certificate?: string | Uint8Array } = {},
): Promise<PortalStandIn> {
  const hits: PortalHit[] = []
  let port = 0
  let otherPort = 0
  const offList = () => `http://localhost:${port}`
  const otherSite = () => `http://127.0.0.2:${otherPort}`
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://x')
    hits.push({
      host: request.headers.host ?? '',
      path: url.pathname,
      cookie: request.headers.cookie ?? null,
    })
    const html = (title: string, body: string, script?: string, headers: Record<string, string> = {}) =>
      response
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...headers })
        .end(page(title, body, script))
    const next = (path: string) => `<p><a id="next" href="${path}">Next</a></p>`
    switch (url.pathname) {
      case START_PATH:
        return html(
          'Service P30.11',
          `${next('/idp/login')}
<p><a id="off-list" href="${offList()}/elsewhere">Elsewhere</a></p>
<p><a id="redirect-off" href="/leave">Leave by redirect</a></p>
<p><button id="popup-off" onclick="window.open('${offList()}/popup')">Pop-up elsewhere</button></p>
<p><button id="popup-ok" onclick="window.open('/whoami')">Pop-up on the portal</button></p>
<p><a id="download" href="/certificate.pdf">Certificate</a></p>`,
        )
      case '/idp/login':
        return html(
          'Sign in',
          next('/services/P30.11/request/'),
          `localStorage.setItem('citizen', 'IIN-900101300001')
const open = indexedDB.open('portal-db', 1)
open.onupgradeneeded = () => open.result.createObjectStore('drafts')
open.onsuccess = () => {
  const tx = open.result.transaction('drafts', 'readwrite')
  tx.objectStore('drafts').put('IIN-900101300001', 'citizen')
  tx.oncomplete = () => { document.title = 'Signed in' }
}`,
          { 'Set-Cookie': 'portal_session=citizen-1; Path=/; SameSite=Lax' },
        )
      case '/services/P30.11/request/':
        return html('Request', next('/services/P30.11/sign/'))
      case '/services/P30.11/sign/':
        return html('Sign', next('/services/P30.11/result/'))
      case '/services/P30.11/result/':
        return html('Certificate', '<p>Ready</p>')
      case '/whoami':
        return html('Who am I', '<p>What this page sees of earlier visitors</p>')
      case '/framed':
        // Another site's frame: Chromium runs it in a renderer of its own (an out-of-process iframe).
        return html(
          'Framed',
          `<iframe id="frame" src="${otherSite()}/inner" style="width: 600px; height: 300px"></iframe>`,
        )
      case '/inner':
        return html('Inner', '<p><a id="leave" href="/leave">Leave by redirect</a></p>')
      case '/pictured':
        return html(
          'Pictured',
          '<img id="picture" src="/picture-off" alt="">' +
            [1, 2, 3, 4].map((n) => `<img src="/picture-off?${n}" alt="">`).join(''),
          `document.getElementById('picture').onerror = () => { document.title = 'Picture refused' }`,
        )
      case '/picture-off':
        response.writeHead(302, { Location: `${offList()}/picture.png` }).end()
        return
      case '/socket':
        return html(
          'Socket',
          '<p id="state">connecting</p>',
          `const state = document.getElementById('state')
const socket = new WebSocket('ws://localhost:${port}/socket')
socket.onopen = () => { state.textContent = 'open' }
socket.onerror = () => { state.textContent = 'refused' }
fetch('${offList()}/data').then(() => { document.title = 'fetched' }, () => { document.title = 'fetch refused' })`,
        )
      case '/confirm':
        return html(
          'Confirm',
          '<button id="ask">Submit</button><p id="answer"></p>',
          `document.getElementById('ask').onclick = () => {
  document.getElementById('answer').textContent = String(confirm('Submit the request?'))
}`,
        )
      case '/elsewhere':
        return html('Elsewhere', '<p>A page off the allowlist</p>')
      case '/leave':
        response.writeHead(302, { Location: `${offList()}/elsewhere` }).end()
        return
      case '/certificate.pdf':
        response
          .writeHead(200, {
            'Content-Type': 'application/pdf',
            'Content-Disposition': 'attachment; filename="../certificate P30.11.pdf"',
          })
          .end(options.certificate ?? CERTIFICATE_PDF)
        return
      default:
        response.writeHead(404).end()
    }
  }
  // A WebSocket handshake is a hit too (and is never answered).
  const upgrade = (request: IncomingMessage, socket: Duplex) => {
    hits.push({ host: request.headers.host ?? '', path: request.url ?? '', cookie: null })
    socket.destroy()
  }
  const server: Server = createServer(handle).on('upgrade', upgrade)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  const second: Server = createServer(handle).on('upgrade', upgrade)
  await new Promise<void>((resolve) => second.listen(0, '127.0.0.2', resolve))
  otherPort = (second.address() as AddressInfo).port
  const close = (one: Server) => new Promise<void>((resolve) => one.close(() => resolve()))
  return {
    origin: `http://127.0.0.1:${port}`,
    offList: offList(),
    otherSite: otherSite(),
    hits,
    close: async () => {
      await Promise.all([close(server), close(second)])
    },
  }
}
