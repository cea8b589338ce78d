import { Writable } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger, type LoggerOptions } from '../../src-main/hub/logger'

/** A logger writing into memory; `lines()` parses what it wrote. */
function capture(options: LoggerOptions = {}) {
  const chunks: string[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  const logger = createLogger({ ...options, destination })
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, any>)
  return { logger, lines }
}

afterEach(() => vi.unstubAllEnvs())

describe('logger', () => {
  it('writes JSON lines with level, time and message', () => {
    const { logger, lines } = capture()
    logger.info({ ticket: 'A001' }, 'ticket issued')
    expect(lines()).toEqual([
      expect.objectContaining({ level: 30, ticket: 'A001', msg: 'ticket issued', time: expect.any(String) }),
    ])
  })

  it('redacts passwords, tokens, keys, IINs and phones at the top level and nested', () => {
    const { logger, lines } = capture()
    logger.info(
      {
        password: 'kezek-demo-1',
        token: 'abc',
        iin: '871008401427',
        phone: '+77011234567',
        staff: { login: 'consultant1', password: 'kezek-demo-1', passwordHash: 'scrypt$...' },
        device: { id: 'kiosk-1', key: 'kezek-demo-kiosk-1' },
        binding: { citizen: { iin: '871008401427', phone: '+77011234567' } },
        bindings: [{ iin: '760212350620' }],
        req: { method: 'GET', headers: { authorization: 'Bearer abc', cookie: 'sid=1', host: 'hub' } },
        code: 'ticket_not_waiting',
      },
      'sign in',
    )
    const [line] = lines()
    const text = JSON.stringify(line)
    for (const secret of [
      'kezek-demo',
      'Bearer',
      '871008401427',
      '760212350620',
      '+7701',
      'scrypt$',
      'sid=1',
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(line).toMatchObject({
      password: '[redacted]',
      token: '[redacted]',
      iin: '[redacted]',
      phone: '[redacted]',
      staff: { login: 'consultant1', password: '[redacted]', passwordHash: '[redacted]' },
      device: { id: 'kiosk-1', key: '[redacted]' },
      binding: { citizen: { iin: '[redacted]', phone: '[redacted]' } },
      bindings: [{ iin: '[redacted]' }],
      req: { method: 'GET', headers: { authorization: '[redacted]', cookie: '[redacted]', host: 'hub' } },
      // Error codes are what a log is for: not mistaken for a one-time code.
      code: 'ticket_not_waiting',
    })
  })

  it('redacts the Socket.IO handshake credentials', () => {
    const { logger, lines } = capture()
    logger.warn(
      { handshake: { address: '10.0.0.7', auth: { role: 'kiosk', key: 'kezek-demo-kiosk-1' } } },
      'refused',
    )
    expect(lines()[0]).toMatchObject({ handshake: { address: '10.0.0.7', auth: '[redacted]' } })
  })

  it('redacts in child loggers too', () => {
    const { logger, lines } = capture()
    logger.child({ socket: 'abc' }).info({ user: { token: 't' } }, 'x')
    expect(lines()[0]).toMatchObject({ socket: 'abc', user: { token: '[redacted]' } })
  })

  it('takes its level from the options, else from KEZEK_LOG_LEVEL', () => {
    vi.stubEnv('KEZEK_LOG_LEVEL', 'warn')
    const fromEnv = capture()
    fromEnv.logger.info('hidden')
    fromEnv.logger.warn('shown')
    expect(fromEnv.lines().map((l) => l.msg)).toEqual(['shown'])

    const fromOptions = capture({ level: 'debug' })
    fromOptions.logger.debug('shown')
    expect(fromOptions.lines().map((l) => l.msg)).toEqual(['shown'])
  })

  it("writes nothing at level 'silent'", () => {
    const { logger, lines } = capture({ level: 'silent' })
    logger.fatal('nothing')
    expect(lines()).toEqual([])
  })

  it('refuses an unknown level, naming the variable', () => {
    vi.stubEnv('KEZEK_LOG_LEVEL', 'verbose')
    expect(() => createLogger()).toThrow(/KEZEK_LOG_LEVEL.*"verbose"|"verbose".*KEZEK_LOG_LEVEL/)
  })
})
