// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useDeviceStore } from '../../src-renderer/stores/device'
import { useSessionStore } from '../../src-renderer/stores/session'

beforeEach(() => {
  setActivePinia(createPinia())
  localStorage.clear()
  sessionStorage.clear()
  delete window.kezek
  window.history.replaceState(null, '', '/kiosk')
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('useDeviceStore', () => {
  it('pairs from ?device=&key= once, remembers it and takes the key out of the address bar', async () => {
    window.history.replaceState(null, '', '/display?device=display-1&key=kezek-demo-display-1&mode=wide')
    const device = useDeviceStore()
    expect(await device.load()).toBe('ready')
    expect(device.credentials).toEqual({ role: 'device', deviceId: 'display-1', key: 'kezek-demo-display-1' })
    expect(window.location.search).toBe('?mode=wide')
    expect(JSON.parse(localStorage.getItem('kezek.device')!)).toEqual({
      deviceId: 'display-1',
      key: 'kezek-demo-display-1',
    })

    setActivePinia(createPinia())
    const later = useDeviceStore()
    expect(await later.load('')).toBe('ready')
    expect(later.deviceId).toBe('display-1')
  })

  it('is missing without credentials, and invalid with a key the handshake would refuse', async () => {
    expect(await useDeviceStore().load('')).toBe('missing')
    setActivePinia(createPinia())
    const device = useDeviceStore()
    expect(await device.load('?device=kiosk-1&key=short')).toBe('invalid')
    expect(device.credentials).toBeNull()
    expect(localStorage.getItem('kezek.device')).toBeNull()
  })

  it('takes credentials and the hub address from the Electron shell first', async () => {
    window.kezek = {
      appInfo: vi.fn().mockResolvedValue({
        role: 'kiosk',
        hubUrl: 'http://10.0.0.2:8080',
        deviceId: 'kiosk-2',
        deviceKey: 'kezek-demo-kiosk-2',
        version: '0.1.0',
        electron: '41',
      }),
      printTicket: vi.fn(),
    }
    const device = useDeviceStore()
    expect(await device.load('?device=kiosk-1&key=kezek-demo-kiosk-1')).toBe('ready')
    expect(device.deviceId).toBe('kiosk-2')
    expect(device.hubUrl).toBe('http://10.0.0.2:8080')
    expect(device.inElectron).toBe(true)
  })

  it('forgets credentials the hub refused', async () => {
    const device = useDeviceStore()
    await device.load('?device=kiosk-1&key=kezek-demo-kiosk-1')
    device.markInvalid()
    expect(device.status).toBe('invalid')
    expect(device.credentials).toBeNull()
    expect(localStorage.getItem('kezek.device')).toBeNull()
  })
})

describe('useSessionStore', () => {
  const signedIn = {
    token: 'a'.repeat(43),
    expiresAt: Date.now() + 3_600_000,
    staff: { id: 'consultant-1', firstName: 'Айгерім', lastName: 'Сейітова', roles: ['consultant'] },
  }

  it('signs in with POST /api/sessions and keeps the token for this tab only', async () => {
    const fetchMock = vi.fn().mockResolvedValue(new Response(JSON.stringify(signedIn), { status: 201 }))
    vi.stubGlobal('fetch', fetchMock)
    const session = useSessionStore()
    expect(await session.signIn(' Consultant1 ', 'kezek-demo-1')).toEqual({ ok: true })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/sessions')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body)).toEqual({ login: 'consultant1', password: 'kezek-demo-1' })
    expect(session.signedIn).toBe(true)
    expect(session.credentials).toEqual({ role: 'staff', token: signedIn.token })
    expect(JSON.parse(sessionStorage.getItem('kezek.session')!).token).toBe(signedIn.token)
    expect(localStorage.length).toBe(0)

    setActivePinia(createPinia())
    expect(useSessionStore().staff?.firstName).toBe('Айгерім')
  })

  it('says why a sign-in failed', async () => {
    const session = useSessionStore()
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('{}', { status: 401 })))
    expect(await session.signIn('x', 'y')).toEqual({ ok: false, code: 'unauthenticated' })
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(new Response('{}', { status: 429, headers: { 'Retry-After': '30' } })),
    )
    expect(await session.signIn('x', 'y')).toEqual({ ok: false, code: 'rate_limited', retryAfterSeconds: 30 })
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    expect(await session.signIn('x', 'y')).toEqual({ ok: false, code: 'offline' })
    expect(session.signedIn).toBe(false)
  })

  it('signs out at the hub with the bearer token and forgets it even offline', async () => {
    sessionStorage.setItem('kezek.session', JSON.stringify(signedIn))
    const fetchMock = vi.fn().mockRejectedValue(new TypeError('Failed to fetch'))
    vi.stubGlobal('fetch', fetchMock)
    const session = useSessionStore()
    expect(session.signedIn).toBe(true)
    await session.signOut()
    expect(fetchMock.mock.calls[0]![1]).toMatchObject({
      method: 'DELETE',
      headers: { Authorization: `Bearer ${signedIn.token}` },
    })
    expect(session.signedIn).toBe(false)
    expect(sessionStorage.getItem('kezek.session')).toBeNull()
  })

  it('does not offer an expired session', () => {
    sessionStorage.setItem('kezek.session', JSON.stringify({ ...signedIn, expiresAt: Date.now() - 1 }))
    expect(useSessionStore().credentials).toBeNull()
  })
})
