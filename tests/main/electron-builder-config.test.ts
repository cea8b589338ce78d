import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
const config = packageJson.build

describe('electron-builder config', () => {
  it("passes electron-builder's own schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>
    }
    const { DebugLogger } = require('builder-util/out/DebugLogger') as {
      DebugLogger: new (enabled: boolean) => unknown
    }
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(
      validateConfiguration({ ...config, linux: { tagret: 'deb' } }, new DebugLogger(false)),
    ).rejects.toThrow()
  })

  it('packages the kiosk for Linux (AppImage, deb) and Windows (nsis)', () => {
    expect(config.appId).toBe('kz.kezek.kiosk')
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.win.target).toEqual(['nsis'])
  })

  it('ships the built shell, the bundled hub and the faces, with better-sqlite3 rebuilt for Electron', () => {
    expect(packageJson.main).toBe('./out/main/index.js')
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']))
    expect(config.npmRebuild).toBe(true)
    expect(packageJson.dependencies['better-sqlite3']).toBeDefined()
    expect(config.asarUnpack).toContain('**/*.node')
  })
})
