import { describe, expect, it } from 'vitest'
import { loopbackQrWarning } from '../../src-main/hub/public-address'
import { readable } from '../../src-main/tools/start'

describe('where the ticket QR points', () => {
  it('warns when no public address is set and the hub listens on loopback only', () => {
    for (const host of [undefined, '127.0.0.1', 'localhost', '::1']) {
      expect(loopbackQrWarning(undefined, host)).toMatch(/no phone can open: set centre\.publicUrl/)
    }
  })

  it('warns when the public address itself is a loopback one', () => {
    for (const url of [
      'http://127.0.0.1:8080',
      'http://localhost:8080',
      'http://[::1]:8080',
      'http://127.0.1.1',
    ]) {
      expect(loopbackQrWarning(url, '0.0.0.0'), url).toMatch(/is .*, a loopback address/)
    }
  })

  it('says nothing when phones can reach the QR: a public address, or the hub on the network', () => {
    expect(loopbackQrWarning('https://kezek.example.kz', '127.0.0.1')).toBeNull()
    expect(loopbackQrWarning('http://192.168.1.10:8080', undefined)).toBeNull()
    expect(loopbackQrWarning(undefined, '0.0.0.0')).toBeNull()
    expect(loopbackQrWarning(undefined, '192.168.1.10')).toBeNull()
  })

  it('npm start shows the warning as one plain line, and other log lines as they are', () => {
    const line = JSON.stringify({ level: 40, event: 'qr-loopback', msg: 'ticket QR codes will …' })
    expect(readable(line)).toBe('kezek: ticket QR codes will …')
    const other = JSON.stringify({ level: 30, msg: 'hub started' })
    expect(readable(other)).toBe(other)
  })
})
