import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  DEMO_DEVICES,
  loadShellConfigFile,
  parseShellSettings,
  ShellConfigError,
} from '../../src-main/electron/shell-config'

const dir = mkdtempSync(join(tmpdir(), 'kezek-shell-config-'))

function file(name: string, content: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

function errorOf(run: () => unknown): ShellConfigError {
  try {
    run()
  } catch (error) {
    if (error instanceof ShellConfigError) return error
    throw error
  }
  throw new Error('expected a ShellConfigError')
}

describe('shell config file', () => {
  it('reads a kiosk config, resolving paths against the file', () => {
    const path = file('kiosk.json', {
      role: 'kiosk',
      hubUrl: 'http://192.168.1.10:8080/kiosk',
      deviceId: 'kiosk-2',
      deviceKey: 'k2',
      printer: 'Thermal-80',
      hub: { port: 9000, dataDir: 'data' },
    })
    expect(loadShellConfigFile(path)).toEqual({
      role: 'kiosk',
      hubUrl: 'http://192.168.1.10:8080',
      deviceId: 'kiosk-2',
      deviceKey: 'k2',
      printer: 'Thermal-80',
      hub: { port: 9000, dataDir: join(dir, 'data'), configFile: undefined },
    })
  })

  it('names the file and the field of a wrong value', () => {
    const path = file('bad-role.json', { role: 'tablet' })
    const error = errorOf(() => loadShellConfigFile(path))
    expect(error.message).toContain(path)
    expect(error.problems).toHaveLength(1)
    expect(error.problems[0]).toMatch(/^role: /)
  })

  it('names nested fields and unknown ones', () => {
    const path = file('nested.json', { hub: { port: 'eighty' }, printr: 'x' })
    const error = errorOf(() => loadShellConfigFile(path))
    expect(error.problems).toContain('printr: unknown field')
    expect(error.problems.some((line) => line.startsWith('hub.port: '))).toBe(true)
  })

  it('wants a device key with a device id', () => {
    const error = errorOf(() => loadShellConfigFile(file('half.json', { deviceId: 'kiosk-1' })))
    expect(error.problems[0]).toMatch(/^deviceKey: .*together/)
  })

  it('rejects a hub URL that is not http(s)', () => {
    const error = errorOf(() => loadShellConfigFile(file('ftp.json', { hubUrl: 'file:///etc/passwd' })))
    expect(error.problems[0]).toMatch(/^hubUrl: /)
  })

  it('says when the file is not JSON or cannot be read', () => {
    const broken = file('broken.json', '{ role: kiosk')
    expect(errorOf(() => loadShellConfigFile(broken)).message).toMatch(
      new RegExp(`${broken}[\\s\\S]*not valid JSON`),
    )
    expect(errorOf(() => loadShellConfigFile(join(dir, 'missing.json'))).message).toContain('cannot be read')
  })
})

describe('shell settings from the command line', () => {
  it('defaults to a kiosk that starts its own hub on port 8080', () => {
    expect(parseShellSettings([])).toMatchObject({
      role: 'kiosk',
      hubUrl: null,
      ownHub: { port: 8080, lan: false },
      deviceId: null,
      printer: null,
    })
  })

  it('takes flags, ignoring switches Chromium adds', () => {
    const settings = parseShellSettings([
      '--no-sandbox-is-not-ours',
      '--role',
      'display',
      '--hub',
      'http://10.0.0.2:8080',
      '--device',
      'display-1',
      '--device-key',
      'key',
    ])
    expect(settings).toMatchObject({
      role: 'display',
      hubUrl: 'http://10.0.0.2:8080',
      deviceId: 'display-1',
      deviceKey: 'key',
    })
  })

  it('lets flags override the file', () => {
    const path = file('override.json', { role: 'kiosk', printer: 'A', hub: { port: 9000 } })
    const settings = parseShellSettings(['--shell-config', path, '--role', 'consultant', '--port', '0'])
    expect(settings).toMatchObject({
      role: 'consultant',
      printer: 'A',
      ownHub: { port: 0 },
      configFile: path,
    })
  })

  it('names the flag that is wrong', () => {
    expect(errorOf(() => parseShellSettings(['--role', 'tablet'])).problems[0]).toMatch(/^--role: /)
    expect(errorOf(() => parseShellSettings(['--hub', 'nowhere'])).problems[0]).toMatch(/^--hub: /)
    expect(errorOf(() => parseShellSettings(['--port', 'abc'])).problems[0]).toMatch(/^--port: /)
  })
})

describe('demo devices', () => {
  it('are the keys of the demo centre', () => {
    const demo = parse(
      readFileSync(new URL('../../src-main/hub/demo-centre.yaml', import.meta.url), 'utf8'),
    ) as {
      devices: { id: string; keyHash: string }[]
    }
    for (const device of Object.values(DEMO_DEVICES)) {
      const hash = `sha256$${createHash('sha256').update(device.deviceKey).digest('hex')}`
      expect(demo.devices.find((entry) => entry.id === device.deviceId)?.keyHash).toBe(hash)
    }
  })
})
