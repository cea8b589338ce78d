import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { FaceRole } from '../../src-shared/bridge'
import type { HubCredentials } from '../hub/hub-client'

/**
 * `missing`: no credentials anywhere; `invalid`: the hub refused them (or they cannot be right);
 * `ready`: try them.
 */
export type DeviceStatus = 'unknown' | 'ready' | 'missing' | 'invalid'

const STORAGE_KEY = 'kezek.device'
/** The handshake schema's bounds, so an obviously wrong key fails here, not after a round trip. */
const KEY_PATTERN = /^.{16,200}$/
const ID_PATTERN = /^.{1,64}$/

interface StoredDevice {
  deviceId: string
  key: string
}

function readStored(): StoredDevice | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    if (!raw) return null
    const value = JSON.parse(raw) as Partial<StoredDevice>
    return typeof value.deviceId === 'string' && typeof value.key === 'string'
      ? { deviceId: value.deviceId, key: value.key }
      : null
  } catch {
    return null
  }
}

function store(value: StoredDevice | null): void {
  try {
    if (value) localStorage.setItem(STORAGE_KEY, JSON.stringify(value))
    else localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Without storage the device must be opened with its key in the URL each time.
  }
}

/** Takes `device` and `key` out of the address bar, so the key is not left on screen or in history. */
function stripFromAddress(): void {
  if (typeof window === 'undefined' || !window.history?.replaceState) return
  const url = new URL(window.location.href)
  if (!url.searchParams.has('key') && !url.searchParams.has('device')) return
  url.searchParams.delete('key')
  url.searchParams.delete('device')
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`)
}

/**
 * A kiosk's or display's credentials. In Electron they come from the shell (`window.kezek.appInfo()`);
 * in a browser from `?device=<id>&key=<key>` once, then from localStorage, so a hall screen is paired
 * by opening one URL.
 */
export const useDeviceStore = defineStore('device', () => {
  const status = ref<DeviceStatus>('unknown')
  const deviceId = ref<string | null>(null)
  const key = ref<string | null>(null)
  /** The hub's origin when the shell names one; otherwise the page's own origin. */
  const hubUrl = ref<string | undefined>(undefined)
  /** Which face the Electron shell opened this window for, if any. */
  const shellRole = ref<FaceRole | null>(null)
  const inElectron = ref(false)

  const credentials = computed<HubCredentials | null>(() =>
    status.value === 'ready' && deviceId.value && key.value
      ? { role: 'device', deviceId: deviceId.value, key: key.value }
      : null,
  )

  function use(id: string, secret: string): void {
    deviceId.value = id
    key.value = secret
    status.value = ID_PATTERN.test(id) && KEY_PATTERN.test(secret) ? 'ready' : 'invalid'
  }

  /** Finds the credentials: Electron shell, then the URL (remembered), then what was remembered. */
  async function load(
    search: string = typeof location === 'undefined' ? '' : location.search,
  ): Promise<DeviceStatus> {
    const bridge = typeof window === 'undefined' ? undefined : window.kezek
    if (bridge) {
      inElectron.value = true
      try {
        const info = await bridge.appInfo()
        shellRole.value = info.role
        hubUrl.value = info.hubUrl || undefined
        if (info.deviceId && info.deviceKey) {
          use(info.deviceId, info.deviceKey)
          return status.value
        }
      } catch {
        // Fall through to the URL and storage: a broken bridge should not leave the kiosk blank.
      }
    }
    const query = new URLSearchParams(search)
    const fromUrl = { deviceId: query.get('device'), key: query.get('key') }
    if (fromUrl.deviceId && fromUrl.key) {
      use(fromUrl.deviceId, fromUrl.key)
      if (status.value === 'ready') store({ deviceId: fromUrl.deviceId, key: fromUrl.key })
      stripFromAddress()
      return status.value
    }
    const remembered = readStored()
    if (remembered) {
      use(remembered.deviceId, remembered.key)
      return status.value
    }
    status.value = 'missing'
    return status.value
  }

  /** The hub refused the credentials: forget them, so the error screen asks for pairing again. */
  function markInvalid(): void {
    status.value = 'invalid'
    store(null)
  }

  /** Credentials from pairing (`/pair`): remembered as a `?key=` link's are. */
  function remember(id: string, secret: string): void {
    use(id, secret)
    if (status.value === 'ready') store({ deviceId: id, key: secret })
  }

  return { status, deviceId, key, hubUrl, shellRole, inElectron, credentials, load, markInvalid, remember }
})
