/**
 * docs/protocol.md is how someone writes their own display: it must name every command, fact and error
 * code the hub has, and the packages it says are the boundaries must stay the boundaries.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../src-shared/domain/errors'
import { COMMAND_TYPES, FACT_TYPES } from '../../src-shared/protocol'
import { REGISTRATION_COMMAND_TYPES } from '../../src-shared/protocol/registration'
import { KIOSK_CHECK_IN_COMMAND_TYPES } from '../../src-shared/protocol/kiosk-check-in'
import { staffBookingSchemas } from '../../src-shared/protocol/staff-bookings'

const root = fileURLToPath(new URL('../..', import.meta.url))
const doc = fs.readFileSync(path.join(root, 'docs/protocol.md'), 'utf8')

/** Names as the document writes them: in backticks. */
const named = (name: string) => doc.includes(`\`${name}\``)

describe('docs/protocol.md', () => {
  it.each([
    ['command', COMMAND_TYPES],
    ['registration command', REGISTRATION_COMMAND_TYPES],
    ['kiosk check-in command', KIOSK_CHECK_IN_COMMAND_TYPES],
    ['staff booking command', Object.keys(staffBookingSchemas)],
    ['fact', FACT_TYPES],
    ['error code', ERROR_CODES],
  ] as const)('names every %s', (_kind, names) => {
    expect(names.length).toBeGreaterThan(0)
    expect(names.filter((name) => !named(name))).toEqual([])
  })
})

/** Every import specifier in the TypeScript and Vue files under `dir`. */
function importsUnder(dir: string): { file: string; specifier: string }[] {
  const found: { file: string; specifier: string }[] = []
  for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|vue|mts)$/.test(entry.name)) continue
    const file = path.join(entry.parentPath, entry.name)
    const text = fs.readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g))
      found.push({ file: path.relative(root, file), specifier: match[1]! })
    for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
      found.push({ file: path.relative(root, file), specifier: match[1]! })
  }
  return found
}

const BROWSER_SAFE = new Set(['zod', 'libphonenumber-js/max'])

describe('package boundaries (DESIGN.md)', () => {
  it('the hub never imports electron, the faces or the kiosk shells', () => {
    const imports = importsUnder('src-main/hub')
    expect(imports.length).toBeGreaterThan(20)
    const wrong = imports.filter(
      ({ specifier }) =>
        specifier === 'electron' ||
        specifier.startsWith('electron/') ||
        /(^|\/)(src-renderer|electron|chromium-shell)(\/|$)/.test(specifier),
    )
    expect(wrong).toEqual([])
  })

  it('src-shared is pure TypeScript: no Node, Electron, Vue or hub imports', () => {
    const imports = importsUnder('src-shared')
    expect(imports.length).toBeGreaterThan(20)
    // Relative imports stay inside src-shared; packages only those that run the same in a browser and
    // in Node: zod (the schemas are the contract) and libphonenumber-js (phone numbers).
    const wrong = imports.filter(({ file, specifier }) => {
      if (specifier.startsWith('.')) {
        const target = path.relative(root, path.resolve(root, path.dirname(file), specifier))
        return !target.startsWith('src-shared')
      }
      return !BROWSER_SAFE.has(specifier)
    })
    expect(wrong).toEqual([])
  })
})
