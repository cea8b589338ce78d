import { describe, expect, it } from 'vitest'
import { HubStartError, startHubProcess } from '../../src-main/electron/hub-process'

/** A stand-in hub: a Node one-liner. */
const node = (script: string) => ({ command: process.execPath, args: ['-e', script] })

describe('hub process', () => {
  it('resolves with the URL the hub prints and stops it with SIGTERM', async () => {
    const lines: string[] = []
    const hub = await startHubProcess(
      // The SIGTERM handler goes in before the ready line, as in the real hub: a busy machine may
      // deliver stop()'s signal right after that line.
      node(`
        process.on('SIGTERM', () => { console.log('closing'); process.exit(0) })
        console.log('{"msg":"centre state loaded"}')
        console.log('Kezek hub listening on http://127.0.0.1:4567')
        setInterval(() => {}, 1000)
      `),
      { onLine: (line) => lines.push(line) },
    )
    expect(hub.url).toBe('http://127.0.0.1:4567')
    await expect(hub.stop()).resolves.toBe(0)
    expect(lines).toContain('{"msg":"centre state loaded"}')
  })

  it('reports what the hub said when it stops before listening', async () => {
    const failing = startHubProcess(
      node(
        `console.error('kezek hub: Centre config /x.yaml cannot be used: services: required'); process.exit(2)`,
      ),
    )
    await expect(failing).rejects.toBeInstanceOf(HubStartError)
    await expect(failing).rejects.toThrow(/exit 2[\s\S]*services: required/)
  })

  it('gives up on a hub that never listens', async () => {
    const silent = startHubProcess(node('setInterval(() => {}, 1000)'), { readyTimeoutMs: 300 })
    await expect(silent).rejects.toThrow(/did not report listening/)
  })
})
