/**
 * The ESLint config keeps the layers (docs/design.md): each case lints a few lines as if they were a file
 * in that folder, with the project's own `eslint.config.js`, and expects the import to be refused or let
 * through. If a rule stops firing, `npm run lint` would let a layer break through unnoticed.
 */
import { ESLint } from 'eslint'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

/** The messages of the import rule for `source` linted as if it were the file `file`. */
async function importProblems(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}/${file}` })
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message)
}

const using = (specifier: string) => `import * as m from '${specifier}'\nexport const used = m\n`

describe('lint keeps the layers', () => {
  it.each([
    ['src-shared/domain/probe.ts', 'node:fs', /no Node built-ins/],
    ['src-shared/domain/probe.ts', 'fs', /no Node built-ins/],
    ['src-shared/domain/probe.ts', 'vue', /only zod, libphonenumber-js/],
    ['src-shared/domain/probe.ts', 'better-sqlite3', /only zod, libphonenumber-js/],
    ['src-shared/domain/probe.ts', 'electron', /only zod, libphonenumber-js/],
    ['src-shared/domain/probe.ts', '../../src-main/hub/logger', /lowest layer/],
    ['src-shared/domain/probe.ts', '../../src-renderer/stores/centre', /lowest layer/],
    ['src-renderer/kiosk/probe.ts', '../../src-main/hub/server', /never imports src-main/],
    ['src-renderer/kiosk/probe.ts', 'node:path', /no Node built-ins/],
    ['src-renderer/kiosk/probe.ts', 'electron', /window\.kezek/],
    ['src-main/hub/probe.ts', 'electron', /never imports electron/],
    ['src-main/hub/probe.ts', '../chromium-shell/shell', /never imports a kiosk shell/],
    ['src-main/hub/probe.ts', '../electron/shell', /never imports a kiosk shell/],
    ['src-main/hub/probe.ts', 'playwright-core', /never imports a kiosk shell/],
    ['src-main/hub/probe.ts', '../../src-renderer/main', /never imports the renderer/],
    ['src-main/electron/probe.ts', '../chromium-shell/shell', /never import each other/],
    ['src-main/chromium-shell/probe.ts', '../electron/shell', /never import each other/],
    ['src-main/self-service-session/probe.ts', 'electron', /knows no browser API/],
    ['src-main/self-service-session/probe.ts', 'playwright-core', /knows no browser API/],
    ['src-main/self-service-session/probe.ts', '../hub/server', /over HTTP/],
    ['src-main/printer-state/probe.ts', 'electron', /plain Node/],
    ['src-main/printer-state/probe.ts', '../chromium-shell/shell', /plain Node/],
    ['src-main/printer-state/probe.ts', '../hub/server', /through the kiosk page/],
    ['src-main/hub/probe.ts', '../printer-state', /never imports a kiosk shell/],
    ['src-main/hub/probe.ts', '../self-service-session', /never imports a kiosk shell/],
  ])('%s may not import %s', async (file, specifier, reason) => {
    const problems = await importProblems(file, using(specifier))
    expect(problems.some((message) => reason.test(message))).toBe(true)
  })

  it.each([
    ['src-shared/domain/probe.ts', 'zod'],
    ['src-shared/domain/probe.ts', 'libphonenumber-js/max'],
    ['src-shared/domain/probe.ts', '../protocol'],
    ['src-renderer/kiosk/probe.ts', '../../src-shared/domain'],
    ['src-renderer/kiosk/probe.ts', 'vue'],
    ['src-main/hub/probe.ts', 'node:fs'],
    ['src-main/hub/probe.ts', 'better-sqlite3'],
    ['src-main/hub/probe.ts', '../../src-shared/protocol'],
    ['src-main/electron/probe.ts', 'electron'],
    ['src-main/chromium-shell/probe.ts', 'playwright-core'],
    ['src-main/chromium-shell/probe.ts', '../self-service-session'],
    ['src-main/electron/probe.ts', '../self-service-session'],
    ['src-main/electron/probe.ts', '../printer-state'],
    ['src-main/chromium-shell/probe.ts', '../printer-state'],
    ['src-main/printer-state/probe.ts', 'node:child_process'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await importProblems(file, using(specifier))).toEqual([])
  })

  it('an eslint-disable comment must give its reason', async () => {
    const source = '// eslint-disable-next-line no-console\nconsole.log(1)\n'
    const [result] = await eslint.lintText(source, { filePath: `${root}/src-main/hub/probe.ts` })
    const rules = (result?.messages ?? []).map((message) => message.ruleId)
    expect(rules).toContain('@eslint-community/eslint-comments/require-description')
  })

  it('an empty catch is refused: a swallowed error says why', async () => {
    const source = 'export function f(g: () => void) {\n  try {\n    g()\n  } catch {}\n}\n'
    const [result] = await eslint.lintText(source, { filePath: `${root}/src-main/electron/probe.ts` })
    expect((result?.messages ?? []).map((message) => message.ruleId)).toContain('no-empty')
  })
})
