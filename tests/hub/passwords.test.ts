import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../../src-main/hub/config-file'
import {
  deviceKeyBits,
  deviceKeyProblem,
  hashDeviceKey,
  hashPassword,
  hashToken,
  MIN_DEVICE_KEY_BITS,
  newDeviceKey,
  newToken,
  verifyDeviceKey,
  verifyPassword,
} from '../../src-main/hub/passwords'
import { readDemoAccounts } from './fixtures/demo-accounts'

describe('staff passwords', () => {
  it('verifies the password it hashed, in the stored format', async () => {
    const stored = await hashPassword('kezek-test-пароль')
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    await expect(verifyPassword('kezek-test-пароль', stored)).resolves.toBe(true)
  })

  it('salts every hash: the same password hashes differently twice', async () => {
    const [first, second] = await Promise.all([hashPassword('same-password'), hashPassword('same-password')])
    expect(first).not.toBe(second)
  })

  it('refuses a wrong password, including one that differs by case or a trailing space', async () => {
    const stored = await hashPassword('kezek-demo-1')
    for (const wrong of ['kezek-demo-2', 'Kezek-demo-1', 'kezek-demo-1 ', '']) {
      await expect(verifyPassword(wrong, stored)).resolves.toBe(false)
    }
  })

  it('accepts a Kazakh password typed in decomposed form', async () => {
    const stored = await hashPassword('Қазақстан-2025')
    await expect(verifyPassword('Қазақстан-2025'.normalize('NFD'), stored)).resolves.toBe(true)
  })

  it('refuses an empty password when hashing', async () => {
    await expect(hashPassword('')).rejects.toThrow(/empty/)
  })

  const salt = 'otPlxiHPQLfJwKmu7nUmCw'
  const hash = 'JaYVgfTDdGzJWTRnKOw7WoBtE7P5AjJLFSJkjZfLPOg'
  it.each([
    ['plain text', 'kezek-demo-1'],
    ['empty', ''],
    ['another algorithm', `bcrypt$16384$8$1$${salt}$${hash}`],
    ['missing part', `scrypt$16384$8$${salt}$${hash}`],
    ['N not a power of two', `scrypt$16385$8$1$${salt}$${hash}`],
    ['N above 2^20', `scrypt$2097152$8$1$${salt}$${hash}`],
    ['N of 1', `scrypt$1$8$1$${salt}$${hash}`],
    ['r of 0', `scrypt$16384$0$1$${salt}$${hash}`],
    ['p too large', `scrypt$16384$8$999$${salt}$${hash}`],
    ['N at 2^20 with a huge r', `scrypt$1048576$32$1$${salt}$${hash}`],
    ['salt too short', `scrypt$16384$8$1$c2FsdA$${hash}`],
    ['hash too short', `scrypt$16384$8$1$${salt}$aGFzaA`],
    ['characters outside base64', `scrypt$16384$8$1$${salt}$${hash}!`],
  ])('never matches a malformed stored hash (%s), and answers at once', async (_case, stored) => {
    const started = performance.now()
    await expect(verifyPassword('kezek-demo-1', stored)).resolves.toBe(false)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('the same stored hash with its parts intact still matches (the table above is not vacuous)', async () => {
    await expect(verifyPassword('kezek-demo-1', `scrypt$16384$8$1$${salt}$${hash}`)).resolves.toBe(true)
  })
})

describe('device keys and tokens', () => {
  it('hashes a device key as sha256$<hex> and verifies it', () => {
    const stored = hashDeviceKey('kezek-demo-kiosk-1')
    expect(stored).toBe('sha256$df21a37e42cf8eff9d003df04059d04102981c6b29aa30ccd823571b74ad10a7')
    expect(verifyDeviceKey('kezek-demo-kiosk-1', stored)).toBe(true)
    expect(verifyDeviceKey('kezek-demo-kiosk-2', stored)).toBe(false)
  })

  it('never matches a malformed stored device key hash', () => {
    const hex = hashDeviceKey('k').slice('sha256$'.length)
    for (const stored of [hex, `sha256$${hex.toUpperCase()}`, `sha256$${hex.slice(2)}`, `sha1$${hex}`, 'k']) {
      expect(verifyDeviceKey('k', stored)).toBe(false)
    }
  })

  it('makes random base64url tokens of the asked size', () => {
    expect(newToken()).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(newToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(newToken()).not.toBe(newToken())
    expect(() => newToken(4)).toThrow(RangeError)
  })

  it('stores a token as its sha256 in hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})

describe('how hard a device key is to guess', () => {
  it.each([
    // [key, estimated bits]: length × log2 of the alphabet of the kinds of character it uses.
    ['0123456789abcdef0123456789abcdef', 128], // hex: 16
    ['0123456789ABCDEF0123456789ABCDEF', 128],
    ['kezekdemokiosk', 14 * Math.log2(26)],
    ['kezek-demo-kiosk-1', 18 * Math.log2(26 + 2 + 10)],
    ['Kezek-Demo-Kiosk-1!', 19 * Math.log2(26 + 26 + 2 + 10 + 30)],
    ['12345678901234567890', 20 * Math.log2(10)],
  ])('estimates %s at %d bits', (key, bits) => {
    expect(deviceKeyBits(key)).toBeCloseTo(bits, 6)
  })

  it.each([
    ['the demo kiosk key', 'kezek-demo-kiosk-1', 'about 94 bits'],
    ['a hand-picked 16 characters', 'Kiosk-Entrance-1', 'about 96 bits'],
    ['16 random hex digits', '9f86d081884c7d65', 'about 64 bits'],
    ['one character, however often', 'x'.repeat(60), 'only 1 different character,'],
    ['a short pattern, however long', 'abcd'.repeat(12), 'only 4 different characters'],
  ])('refuses %s, naming the rule', (_name, key, why) => {
    const problem = deviceKeyProblem(key)
    expect(problem).toContain(why)
    expect(problem).toContain(`needs ${MIN_DEVICE_KEY_BITS} bits (length × log2 of the alphabet it uses)`)
    expect(problem).not.toContain('\n')
  })

  it('refuses spaces, control and non-ASCII characters, and keys the hub would not take', () => {
    const strong = '0123456789abcdef0123456789abcdef'
    for (const key of [`${strong} x`, `${strong}\t`, `${strong}ключ`]) {
      expect(deviceKeyProblem(key)).toMatch(/ASCII punctuation only, without spaces/)
    }
    expect(deviceKeyProblem(strong.repeat(7))).toMatch(/at most 200 characters/)
  })

  it('takes 32 random hex digits, 24 random base64url characters and anything generated', () => {
    expect(deviceKeyProblem('3eb1bd439947eb762998e566ccc2e099')).toBeNull()
    expect(deviceKeyProblem('rPbEpsZyv0O2nXzD3MhWDwso')).toBeNull()
    for (let i = 0; i < 200; i++) {
      const key = newDeviceKey()
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(deviceKeyProblem(key)).toBeNull()
    }
  })
})

describe('the demo accounts in docs/demo-accounts.md', () => {
  const config = loadCentreConfig(DEFAULT_CONFIG_PATH)
  const accounts = readDemoAccounts()

  it('list every demo staff member and device, and nothing else', () => {
    expect(accounts.staff.map((a) => a.login).sort()).toEqual(config.staff.map((s) => s.login).sort())
    expect(accounts.devices.map((d) => d.deviceId).sort()).toEqual(config.devices.map((d) => d.id).sort())
  })

  it('give each staff member the password of their hash and their role', async () => {
    for (const account of accounts.staff) {
      const member = config.staff.find((s) => s.login === account.login)!
      expect(member.roles, account.login).toContain(account.role)
      expect(await verifyPassword(account.password, member.passwordHash), account.login).toBe(true)
    }
  })

  it('give each device the key of its hash and its kind', () => {
    for (const account of accounts.devices) {
      const device = config.devices.find((d) => d.id === account.deviceId)!
      expect(device.kind, account.deviceId).toBe(account.kind)
      expect(verifyDeviceKey(account.key, device.keyHash), account.deviceId).toBe(true)
    }
  })
})
