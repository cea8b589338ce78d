/**
 * A config change survives kill -9: the hub process (the CLI, as an operator runs it) answers a rename
 * only once it is stored, and a hub started again on the same data folder, after SIGKILL, starts from the
 * stored version, not from the file. So does a pairing code the admin was shown before the kill.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { adminCall } from '../../support/admin-api'
import {
  demoConfig,
  makeTempDir,
  removeDataDir,
  signInAt,
  spawnHubProcess,
  type HubProcess,
} from '../../support/hub-harness'

const processes: HubProcess[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const hub of processes.splice(0)) {
    hub.child.kill('SIGKILL')
    await hub.exited
  }
  for (const dir of dirs.splice(0)) removeDataDir(dir)
})

describe('a config change and kill -9', () => {
  it('is there after the hub is killed and started again', { timeout: 60_000 }, async () => {
    const dataDir = makeTempDir('kezek-admin-kill-')
    dirs.push(dataDir)
    const first = await spawnHubProcess(dataDir)
    processes.push(first)
    const token = await signInAt(first.url, 'admin', 'kezek-demo-admin')
    const services = demoConfig().services
    services[0]!.name.ru = 'Справка о судимости'
    const saved = await adminCall(first.url, token, 'PUT', 'config/services', { value: services })
    expect(saved.status).toBe(200)
    first.child.kill('SIGKILL')
    await first.exited
    processes.splice(processes.indexOf(first), 1)

    const second = await spawnHubProcess(dataDir)
    processes.push(second)
    const again = await signInAt(second.url, 'admin', 'kezek-demo-admin')
    const config = await adminCall<{ version: number; config: { services: { name: { ru: string } }[] } }>(
      second.url,
      again,
      'GET',
      'config',
    )
    expect(config.body.version).toBe(1)
    expect(config.body.config.services[0]!.name.ru).toBe('Справка о судимости')
  })

  it(
    'keeps a pairing code the admin was shown: the device pairs after kill -9',
    { timeout: 60_000 },
    async () => {
      const dataDir = makeTempDir('kezek-pairing-kill-')
      dirs.push(dataDir)
      const first = await spawnHubProcess(dataDir)
      processes.push(first)
      const token = await signInAt(first.url, 'admin', 'kezek-demo-admin')
      const issued = await adminCall<{ code: string }>(first.url, token, 'POST', 'devices/kiosk-1/pairing')
      expect(issued.status).toBe(200)
      first.child.kill('SIGKILL')
      await first.exited
      processes.splice(processes.indexOf(first), 1)

      const second = await spawnHubProcess(dataDir)
      processes.push(second)
      const redeem = () =>
        fetch(`${second.url}/api/pair`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code: issued.body.code }),
        })
      const paired = await redeem()
      expect(paired.status).toBe(200)
      expect(await paired.json()).toMatchObject({
        deviceId: 'kiosk-1',
        kind: 'kiosk',
        key: expect.any(String),
      })
      expect((await redeem()).status).toBe(404)
    },
  )
})
