/**
 * Reads the centre config from a JSON or YAML file. Any problem stops startup with a `ConfigError` that
 * names the file and lists each problem as `field.path: what is wrong`, the way a centre admin fixes it.
 */
import { readFileSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseDocument } from 'yaml'
import { centreConfigSchema, describeIssues, type CentreConfig } from '../../src-shared/config'

/** The demo centre shipped with Kezek; its credentials are public (see docs/demo-accounts.md). */
export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL('./demo-centre.yaml', import.meta.url))

/** A centre config that cannot be used. `problems` holds one line per problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'

  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Centre config ${file} cannot be used:\n${problems.map((problem) => `  ${problem}`).join('\n')}`)
  }
}

type Format = 'json' | 'yaml'

const FORMATS: Record<string, Format> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml' }

/** Reads, parses and validates a centre config file. Throws `ConfigError` on any problem. */
export function loadCentreConfig(file: string): CentreConfig {
  const path = resolve(file)
  const extension = extname(path).toLowerCase()
  const format = FORMATS[extension]
  if (!format) {
    throw new ConfigError(path, [`unknown file type "${extension || '(none)'}": use .json, .yaml or .yml`])
  }
  const text = readText(path)
  const data = format === 'json' ? parseJson(path, text) : parseYaml(path, text)
  const result = centreConfigSchema.safeParse(data)
  if (!result.success) throw new ConfigError(path, describeIssues(result.error))
  return result.data
}

function readText(path: string): string {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied: the hub cannot read this file'
          : code === 'EISDIR'
            ? 'this is a folder, not a file'
            : `cannot read the file (${(error as Error).message})`
    throw new ConfigError(path, [reason])
  }
  // Windows editors like to start UTF-8 files with a byte order mark, which JSON.parse refuses.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function parseYaml(path: string, text: string): unknown {
  // YAML 1.2 core schema (the default): `09:00` stays a string, unlike YAML 1.1's base-60 numbers.
  const document = parseDocument(text, { uniqueKeys: true })
  if (document.errors.length > 0) {
    throw new ConfigError(
      path,
      document.errors.map((error) => {
        const at = error.linePos?.[0]
        // The library's message repeats the position and quotes the source; keep the first sentence.
        const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
        return at ? `line ${at.line}, column ${at.col}: ${message}` : message
      }),
    )
  }
  return document.toJS({ maxAliasCount: 100 })
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    const offset = jsonErrorOffset(text) ?? text.length
    const { line, column } = lineAndColumn(text, offset)
    // V8's message may quote part of the file (a password hash, say); keep only what went wrong.
    const message = (error as Error).message
      .split('\n')[0]!
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/, (\.\.\.)?".*$/, '')
    throw new ConfigError(path, [`line ${line}, column ${column}: ${message}`])
  }
}

/**
 * Where JSON.parse first fails. Node 20 leaves the position out of some messages ("Unexpected token"),
 * so find the shortest prefix that already fails for a reason other than ending too soon.
 */
function jsonErrorOffset(text: string): number | undefined {
  const failsInside = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length))
      return false
    } catch (error) {
      const message = (error as Error).message
      if (/Unexpected end of JSON input/.test(message)) return false
      const position = / at position (\d+)/.exec(message)
      return position === null || Number(position[1]) < length
    }
  }
  if (!failsInside(text.length)) return undefined
  let valid = 0
  let failing = text.length
  while (failing - valid > 1) {
    const middle = Math.floor((valid + failing) / 2)
    if (failsInside(middle)) failing = middle
    else valid = middle
  }
  return failing - 1
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - (before.lastIndexOf('\n') + 1) + 1
  return { line, column }
}
