/**
 * `npm run hash-password`: prints the `passwordHash` for a staff member of the centre config.
 * `npm run hash-password -- --device`: prints a new random device key (256 bits) and its `keyHash`; a key
 * piped in is hashed only if it is hard enough to guess (`deviceKeyProblem`). The config holds only the
 * hash, so this is the one place a key's strength can be checked. `--integration` does the same for an
 * integration's API key (the same kind of key, hashed the same way); only the hint it prints differs.
 *
 * The password is typed without echo (twice) at a terminal, or read from piped stdin, so it never lands
 * in the shell history or the process list.
 */
import { parseArgs } from 'node:util'
import { STAFF_PASSWORD_MIN_LENGTH } from '../../src-shared/config'
import { deviceKeyProblem, hashDeviceKey, hashPassword, newDeviceKey } from './passwords'

const USAGE = `Usage:
  npm run hash-password
      Type a staff password (not shown, asked twice); prints its passwordHash.
  npm run -s hash-password < password.txt
      The same, with the password from stdin (one trailing newline is ignored).
  npm run hash-password -- --device
      Prints a new random device key and its keyHash.
  npm run -s hash-password -- --device < key.txt
      Prints the keyHash of the given device key, if it has at least 128 bits (length × log2 of the
      alphabet it uses, from at least 10 different characters): e.g. 32 random hex digits.
  npm run hash-password -- --integration
  npm run -s hash-password -- --integration < key.txt
      The same for an integration's API key (the keyHash of an entry in integrations).`

async function main(): Promise<number> {
  let values: { device?: boolean | undefined; integration?: boolean | undefined; help?: boolean | undefined }
  try {
    values = parseArgs({
      options: {
        device: { type: 'boolean', short: 'd' },
        integration: { type: 'boolean', short: 'i' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }

  if (values.device && values.integration) {
    process.stderr.write(`Give --device or --integration, not both.\n\n${USAGE}\n`)
    return 2
  }
  if (values.device || values.integration) {
    const what = values.device ? 'device' : 'integration'
    const given = process.stdin.isTTY ? '' : stripNewline(await readPiped())
    // The rule's words name a device key; an integration's key is the same kind of key.
    const problem = given ? deviceKeyProblem(given)?.replace(/device key/g, `${what} key`) : null
    if (problem) {
      process.stderr.write(
        `${problem} Nothing was hashed; with nothing piped in, \`npm run hash-password -- --${what}\` prints a random key.\n`,
      )
      return 1
    }
    if (given) {
      process.stdout.write(`${hashDeviceKey(given)}\n`)
    } else {
      const key = newDeviceKey()
      process.stdout.write(`key: ${key}\nkeyHash: ${hashDeviceKey(key)}\n`)
      process.stderr.write(
        values.device
          ? 'Put keyHash in the device entry of the centre config; enter the key on the device.\n'
          : "Put keyHash in the integration's entry of the centre config; give the key to the integration's operators over a safe channel.\n",
      )
    }
    return 0
  }

  let password: string
  if (process.stdin.isTTY) {
    password = await readHidden('Password: ')
    const again = await readHidden('Repeat it: ')
    if (password !== again) {
      process.stderr.write('The two passwords differ; nothing was hashed.\n')
      return 1
    }
  } else {
    password = stripNewline(await readPiped())
  }
  if (password.length < STAFF_PASSWORD_MIN_LENGTH) {
    process.stderr.write(`A staff password needs at least ${STAFF_PASSWORD_MIN_LENGTH} characters.\n`)
    return 1
  }
  process.stdout.write(`${await hashPassword(password)}\n`)
  return 0
}

/** `echo secret |` adds a newline that is not part of the password. */
function stripNewline(text: string): string {
  return text.replace(/\r?\n$/, '')
}

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Reads one line from the terminal in raw mode, echoing nothing. Ctrl-C aborts. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin
  process.stderr.write(prompt)
  return new Promise((resolve, reject) => {
    let typed = ''
    const finish = (error?: Error) => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      process.stderr.write('\n')
      if (error) reject(error)
      else resolve(typed)
    }
    const onData = (data: string) => {
      for (const char of data) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish()
        if (char === '\u0003') return finish(new Error('cancelled'))
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('')
        else if (char >= ' ') typed += char
      }
    }
    stdin.setRawMode(true)
    stdin.setEncoding('utf8')
    stdin.on('data', onData)
    stdin.resume()
  })
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
