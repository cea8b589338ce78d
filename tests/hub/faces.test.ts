/**
 * The faces as the hub sends them: the build's brotli or gzip copy, whichever the browser takes (never
 * compressed per request), a year of caching for hashed assets, and the page itself asked again each time.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { facesApp } from '../../src-main/hub/http/faces'
import { makeTempDir } from '../support/hub-harness'

const SCRIPT = `console.log(${JSON.stringify('Кезек '.repeat(400))})`
const PAGE = `<!doctype html><html lang="kk"><body>${'<p>Кезек</p>'.repeat(80)}</body></html>`

let dir: string
let server: Server
let base: string

beforeAll(async () => {
  dir = makeTempDir()
  mkdirSync(join(dir, 'assets'))
  const files = { 'index.html': PAGE, 'assets/app-C0ffee12.js': SCRIPT }
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text)
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text))
    writeFileSync(join(dir, `${name}.gz`), gzipSync(text))
  }
  writeFileSync(join(dir, 'assets/tiny-0a1b2c3d.js'), 'export {}')
  const faces = facesApp(dir)
  server = createServer((req, res) => void faces(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

/** A raw GET: the body as sent (not decompressed), with the headers. */
function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
      .on('error', reject)
      .end()
  })
}

describe('the faces on the wire', () => {
  it('sends the brotli copy to a browser that takes it, gzip to one that takes only gzip, else the file', async () => {
    const br = await get('/assets/app-C0ffee12.js', { 'accept-encoding': 'gzip, deflate, br' })
    expect([br.status, br.headers['content-encoding'], br.headers.vary]).toEqual([
      200,
      'br',
      'Accept-Encoding',
    ])
    expect(br.headers['content-type']).toMatch(/javascript/)
    expect(br.body).toEqual(brotliCompressSync(SCRIPT))
    expect(br.body.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 4)

    const gz = await get('/assets/app-C0ffee12.js', { 'accept-encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gz.body).toEqual(gzipSync(SCRIPT))

    const plain = await get('/assets/app-C0ffee12.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(SCRIPT)
  })

  it('lets a hashed asset be cached for a year, and asks for the page again each time', async () => {
    for (const path of ['/assets/app-C0ffee12.js', '/assets/tiny-0a1b2c3d.js']) {
      expect((await get(path)).headers['cache-control']).toBe('public, max-age=31536000, immutable')
    }
    for (const path of ['/', '/t/some-ticket-token', '/kiosk']) {
      const page = await get(path, { 'accept-encoding': 'br' })
      expect([page.status, page.headers['cache-control'], page.headers['content-encoding']]).toEqual([
        200,
        'no-cache',
        'br',
      ])
    }
  })

  it('answers a page asked again with its ETag as not modified', async () => {
    const first = await get('/kiosk', { 'accept-encoding': 'br' })
    const again = await get('/kiosk', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag! })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
  })
})
