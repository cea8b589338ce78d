/**
 * `npm run hub` runs the hub compiled to JavaScript (out/hub/), rebuilt first when a source is newer, and
 * the built hub finds what it reads beside its source (the demo centre) from any working folder. The
 * launcher `npm start` runs the built hub when it is built itself, and the TypeScript when run from source.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  buildHubIfStale,
  builtHubFile,
  HUB_OUT_DIR,
  hubBuildIsStale,
} from '../../src-main/tools/build-hub.mjs'
import { hubEntry } from '../../src-main/tools/start'
import { PROJECT_ROOT } from '../support/hub-harness'

const BUILD_HUB_URL = pathToFileURL(join(PROJECT_ROOT, 'src-main/tools/build-hub.mjs')).href
const temp = mkdtempSync(join(tmpdir(), 'kezek-built-hub-'))
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(temp, { recursive: true, force: true })
})

describe('the built hub', () => {
  it('npm run hub builds what is stale, then runs the JavaScript from any folder and stops on SIGTERM', async () => {
    // Like `npm run hub`, from a folder that is not the project's: nothing may be found from the cwd.
    const child = spawn(
      process.execPath,
      [
        join(PROJECT_ROOT, 'src-main/tools/run-built.mjs'),
        'cli',
        ...['--port', '0', '--data', join(temp, 'data'), '--log-level', 'warn'],
      ],
      { cwd: temp, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    children.push(child)
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

    // A cold build on a loaded machine takes a few seconds; the hub then starts at once.
    await expect.poll(() => output, { timeout: 60_000, interval: 100 }).toMatch(/Kezek hub listening on/)
    expect(hubBuildIsStale()).toBe(false)
    expect(readFileSync(builtHubFile('cli'), 'utf8')).toContain('Kezek hub listening on')
    const url = /Kezek hub listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!
    const health = (await (await fetch(`${url}/healthz`)).json()) as { centre: { id: string } }
    expect(health.centre.id).toBe('astana-1')

    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it('is what the launcher runs once the launcher is built; from source it runs the TypeScript', () => {
    expect(hubEntry('file:///srv/kezek/out/hub/start.js', '/srv/kezek')).toEqual([
      '/srv/kezek/out/hub/cli.js',
    ])
    expect(hubEntry('file:///srv/kezek/src-main/tools/start.ts', '/srv/kezek')).toEqual([
      '--import',
      'tsx',
      '/srv/kezek/src-main/hub/cli.ts',
    ])
  })

  it('is stale when built from other sources, whatever the file times say, and two launchers build it once', async () => {
    // The other tests of this file leave a current build.
    const manifest = join(HUB_OUT_DIR, 'build.json')
    await buildHubIfStale()
    expect(hubBuildIsStale()).toBe(false)
    const current = readFileSync(manifest, 'utf8')
    writeFileSync(manifest, JSON.stringify({ sources: 'another release' }))
    expect(hubBuildIsStale()).toBe(true)

    // Two launchers at once (npm run hub and npm run hash-password): both wait for one build.
    const launch = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `await (await import(${JSON.stringify(BUILD_HUB_URL)})).buildHubIfStale()`,
          ],
          { cwd: temp, stdio: ['ignore', 'ignore', 'pipe'] },
        )
        children.push(child)
        let stderr = ''
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
        child.once('exit', (code) => resolve({ code, stderr }))
      })
    const runs = await Promise.all([launch(), launch()])
    expect(runs.map((run) => run.code)).toEqual([0, 0])
    expect(runs.filter((run) => run.stderr.includes('building the hub'))).toHaveLength(1)
    expect(hubBuildIsStale()).toBe(false)
    expect(JSON.parse(readFileSync(manifest, 'utf8')).sources).toBe(JSON.parse(current).sources)
    // Nothing half-built or left over beside it.
    expect(readdirSync(join(PROJECT_ROOT, 'out')).filter((name) => /^hub\.|hub-build/.test(name))).toEqual([])
  })
})
