import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  chromiumKioskHint,
  faceLinks,
  isStale,
  LaunchError,
  parseLaunchOptions,
} from '../../src-main/tools/start'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const temp = mkdtempSync(join(tmpdir(), 'kezek-start-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

describe('npm start options', () => {
  it('defaults: port 8080, ./data, the demo centre, the kiosk', () => {
    const options = parseLaunchOptions([], {})
    expect(options).toMatchObject({
      port: 8080,
      configFile: null,
      role: 'kiosk',
      build: true,
      browserOnly: false,
    })
    expect(options.dataDir).toBe(join(process.cwd(), 'data'))
  })

  it('reads flags before the environment', () => {
    const options = parseLaunchOptions(['--port', '0', '--role', 'display'], {
      KEZEK_PORT: '9000',
      KEZEK_DATA: '/srv/kezek',
    })
    expect(options).toMatchObject({ port: 0, role: 'display', dataDir: '/srv/kezek' })
  })

  it('names a wrong flag', () => {
    expect(() => parseLaunchOptions(['--port', 'x'], {})).toThrow(/--port: "x"/)
    expect(() => parseLaunchOptions(['--role', 'tablet'], {})).toThrow(LaunchError)
    expect(() => parseLaunchOptions(['--colour'], {})).toThrow(/Unknown option/)
  })
})

describe('face links', () => {
  const hub = 'http://127.0.0.1:8080'

  it('carry the demo devices for the demo centre', () => {
    expect(faceLinks(hub, { configFile: null, shellConfig: {}, role: 'kiosk' })).toEqual([
      { face: 'Kiosk', url: `${hub}/kiosk?device=kiosk-1&key=kezek-demo-kiosk-1` },
      { face: 'Consultant', url: `${hub}/consultant` },
      { face: 'Hall display', url: `${hub}/display?device=display-1&key=kezek-demo-display-1` },
      { face: 'Registration desk (sign in as registrar)', url: `${hub}/consultant` },
      { face: 'Supervisor', url: `${hub}/supervisor` },
      { face: 'Reports (supervisor)', url: `${hub}/supervisor/reports` },
      { face: 'Admin', url: `${hub}/admin` },
      { face: 'Pair a kiosk or display', url: `${hub}/pair` },
      { face: 'Booking', url: `${hub}/book` },
      { face: 'Join the queue from home', url: `${hub}/join` },
      { face: 'SMS outbox', url: `${hub}/desk/sms-outbox` },
    ])
  })

  it("never show demo keys for a centre's own config", () => {
    const links = faceLinks(hub, {
      configFile: '/etc/kezek/centre.yaml',
      shellConfig: { deviceId: 'kiosk-7', deviceKey: 'k 7&' },
      role: 'kiosk',
    })
    expect(links[0]!.url).toBe(`${hub}/kiosk?device=kiosk-7&key=k+7%26`)
    expect(links[2]!.url).not.toContain('demo')
    // A centre's own SMS goes through its gateway: no demo outbox to point at.
    expect(links.map((link) => link.face)).not.toContain('SMS outbox')
  })
})

describe('the Chromium kiosk hint', () => {
  const hub = 'http://127.0.0.1:8080'

  it('names the demo kiosk, or the own one quoted for the shell, and only where Chromium is', () => {
    expect(chromiumKioskHint(hub, { configFile: null, shellConfig: {}, role: 'kiosk' }, true)).toBe(
      `npm run kiosk:chromium -- --hub ${hub} --device kiosk-1 --key kezek-demo-kiosk-1`,
    )
    const own = {
      configFile: '/etc/kezek/centre.yaml',
      shellConfig: { deviceId: 'kiosk-7', deviceKey: "k 7&'" },
    }
    expect(chromiumKioskHint(hub, { ...own, role: 'kiosk' }, true)).toBe(
      `npm run kiosk:chromium -- --hub ${hub} --device kiosk-7 --key 'k 7&'\\'''`,
    )
    expect(chromiumKioskHint(hub, { ...own, role: 'display' }, true)).toBe(
      `npm run kiosk:chromium -- --hub ${hub} --device '<kiosk id>' --key '<its key>'`,
    )
    expect(chromiumKioskHint(hub, { configFile: null, shellConfig: {}, role: 'kiosk' }, false)).toBeNull()
  })
})

describe('build freshness', () => {
  it('rebuilds when an output is missing or older than a source', () => {
    const source = join(temp, 'src')
    mkdirSync(source)
    writeFileSync(join(source, 'a.ts'), '')
    const output = join(temp, 'out.js')
    expect(isStale([output], [source])).toBe(true)
    writeFileSync(output, '')
    utimesSync(join(source, 'a.ts'), new Date(2020, 0, 1), new Date(2020, 0, 1))
    expect(isStale([output], [source])).toBe(false)
    utimesSync(join(source, 'a.ts'), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000))
    expect(isStale([output], [source])).toBe(true)
  })
})

describe('npm start without the Electron binary', () => {
  let launcher: ChildProcess | undefined
  afterAll(() => {
    if (launcher && launcher.exitCode === null) launcher.kill('SIGKILL')
  })

  it('says so in one line, runs the hub, prints each face and stops the hub on SIGTERM', async () => {
    const noElectron = join(temp, 'no-electron') // ELECTRON_OVERRIDE_DIST_PATH without a binary in it
    mkdirSync(noElectron)
    launcher = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src-main/tools/start.ts',
        '--port',
        '0',
        '--data',
        join(temp, 'data'),
        '--no-build',
        '--log-level',
        'warn',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: noElectron },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    launcher.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    launcher.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => launcher!.once('exit', (code) => resolve(code)))

    await expect.poll(() => output, { timeout: 30_000, interval: 100 }).toContain('Ctrl+C stops the hub.')
    const url = /Kezek hub listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
    expect(url).toBeDefined()
    expect(output.split('\n').filter((line) => /electron/i.test(line))).toEqual([
      'kezek: Electron binary not installed (npm run electron:install fetches it), so open the faces in a browser:',
    ])
    expect(output).toContain(`${url}/kiosk?device=kiosk-1&key=kezek-demo-kiosk-1`)
    expect(output).toContain(`${url}/consultant`)
    expect(output).toContain(`${url}/display?device=display-1&key=kezek-demo-display-1`)
    expect(output).toContain(`${url}/supervisor`)

    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)

    launcher.kill('SIGTERM')
    expect(await exited).toBe(0)
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
  })
})

describe('npm start with the Electron binary', () => {
  it.skipIf(process.platform === 'win32')(
    'opens the face in Electron on the running hub and stops the hub when Electron closes',
    async () => {
      // A stand-in Electron: records its arguments and quits at once, like a user closing the window.
      const dist = join(temp, 'fake-electron')
      mkdirSync(dist)
      const argsFile = join(temp, 'electron-args.json')
      writeFileSync(
        join(dist, 'electron'),
        `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)))\n`,
      )
      chmodSync(join(dist, 'electron'), 0o755)
      const launcher = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'src-main/tools/start.ts',
          '--port',
          '0',
          '--data',
          join(temp, 'data-2'),
          '--no-build',
          '--role',
          'display',
          '--log-level',
          'warn',
        ],
        {
          cwd: ROOT,
          env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      let output = ''
      launcher.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
      launcher.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
      const code = await new Promise<number | null>((resolve) =>
        launcher.once('exit', (exitCode) => resolve(exitCode)),
      )

      expect(code).toBe(0)
      const url = /Kezek hub listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      expect(output).toContain('kezek: opening the display in Electron')
      expect(output).toContain('kezek: Electron closed; stopping the hub')
      expect(JSON.parse(readFileSync(argsFile, 'utf8'))).toEqual([
        ROOT,
        ...['--hub', url, '--role', 'display'],
        ...['--device', 'display-1', '--device-key', 'kezek-demo-display-1'],
      ])
      await expect(fetch(`${url}/healthz`)).rejects.toThrow()
    },
  )
})
