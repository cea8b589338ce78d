import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type {
  AdminConfigView,
  AdminStaffView,
  ConfigAuditRow,
  ConfigIssue,
  DisplayZone,
  HeldWindow,
} from '../../src-shared/config'
import { useSessionStore } from './session'

/** What a change on the admin screen came to. */
export type AdminOutcome<T = object> =
  | ({ ok: true } & T)
  | { ok: false; reason: 'refused'; issues: ConfigIssue[] }
  | { ok: false; reason: 'offline' | 'session' }

/** The sections changed as a whole list (staff have their own calls). */
export type ListSection =
  | 'services'
  | 'serviceGroups'
  | 'desks'
  | 'priorityCategories'
  | 'openingHours'
  | 'holidays'
  | 'pauseReasons'
  | 'outcomes'
  | 'policy'
  | 'alerts'
  | 'ratings'

export interface StaffFields {
  login?: string
  firstName?: string
  lastName?: string
  roles?: string[]
  disabled?: boolean
  password?: string
}

/**
 * The centre's settings as the admin screen edits them, through the hub's `/api/admin`: the config
 * (no hashes), the change log, and each change. The hub validates every change whole; a refused one
 * comes back as issues at their paths, and nothing changed.
 */
export const useAdminConfigStore = defineStore('admin-config', () => {
  const session = useSessionStore()
  const config = shallowRef<AdminConfigView | null>(null)
  const version = ref(0)
  const audit = shallowRef<ConfigAuditRow[]>([])
  const loadFailed = ref(false)

  async function call<T>(method: string, path: string, body?: unknown): Promise<AdminOutcome<T>> {
    const token = session.token
    if (!token) return { ok: false, reason: 'session' }
    let response: Response
    try {
      response = await fetch(`/api/admin/${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    } catch {
      return { ok: false, reason: 'offline' }
    }
    const answer = (await response.json().catch(() => null)) as
      | (T & { error?: { issues?: ConfigIssue[]; message?: string } })
      | null
    if (response.ok && answer) return { ok: true, ...answer }
    if (response.status === 401 || response.status === 403) return { ok: false, reason: 'session' }
    if (answer?.error?.issues) return { ok: false, reason: 'refused', issues: answer.error.issues }
    if (response.status >= 400 && response.status < 500)
      return { ok: false, reason: 'refused', issues: [{ path: [], message: answer?.error?.message ?? '' }] }
    return { ok: false, reason: 'offline' }
  }

  async function load(): Promise<void> {
    const result = await call<{ version: number; config: AdminConfigView }>('GET', 'config')
    loadFailed.value = !result.ok
    if (result.ok) {
      config.value = result.config
      version.value = result.version
    }
    await loadAudit()
  }

  async function loadAudit(): Promise<void> {
    const result = await call<{ changes: ConfigAuditRow[] }>('GET', 'audit?limit=100')
    if (result.ok) audit.value = result.changes
  }

  /** After a change the hub accepted: its config, and the change log with the new row. */
  async function accepted(result: { version: number; config?: AdminConfigView }): Promise<void> {
    version.value = result.version
    if (result.config) config.value = result.config
    else await load()
    await loadAudit()
  }

  async function saveList(section: ListSection, value: unknown): Promise<AdminOutcome> {
    const result = await call<{ version: number; config: AdminConfigView }>('PUT', `config/${section}`, {
      value,
    })
    if (result.ok) await accepted(result)
    return result
  }

  type StaffAnswer = { version: number; staff: AdminStaffView; password?: string }

  async function staffChange(method: string, path: string, body: object): Promise<AdminOutcome<StaffAnswer>> {
    const result = await call<StaffAnswer>(method, path, body)
    if (result.ok) await accepted(result)
    return result
  }

  const createStaff = (fields: StaffFields) => staffChange('POST', 'staff', fields)
  const updateStaff = (id: string, fields: StaffFields) =>
    staffChange('PATCH', `staff/${encodeURIComponent(id)}`, fields)
  const resetPassword = (id: string, password?: string) =>
    staffChange('POST', `staff/${encodeURIComponent(id)}/password`, password ? { password } : {})

  /** The windows a staff member holds now, and the ticket in hand at each (asked before disabling them). */
  const heldWindows = (id: string) =>
    call<{ windows: HeldWindow[] }>('GET', `staff/${encodeURIComponent(id)}/windows`)

  type Pairing = { code: string; expiresAt: number }

  /** A new kiosk or display, with its first pairing code. */
  async function createDevice(fields: { id: string; kind: string; name: string }) {
    const result = await call<{ version: number; pairing: Pairing }>('POST', 'devices', fields)
    if (result.ok) await accepted(result)
    return result
  }

  /** A new pairing code for a device (any earlier one stops working). */
  const pairingCode = (id: string) => call<Pairing>('POST', `devices/${encodeURIComponent(id)}/pairing`, {})

  type Changed = { version: number; config: AdminConfigView }

  /** A display's zone set (or cleared with `null`): the display reconnects with it at once. */
  async function setDeviceZone(id: string, zone: DisplayZone | null): Promise<AdminOutcome> {
    const result = await call<Changed>('PATCH', `devices/${encodeURIComponent(id)}`, { zone })
    if (result.ok) await accepted(result)
    return result
  }

  /** A device removed: its sockets end and its key stops working. */
  async function removeDevice(id: string): Promise<AdminOutcome> {
    const result = await call<Changed>('DELETE', `devices/${encodeURIComponent(id)}`)
    if (result.ok) await accepted(result)
    return result
  }

  /** The config as a YAML file, for the browser to save. */
  async function exportYaml(): Promise<Blob | null> {
    const token = session.token
    if (!token) return null
    try {
      const response = await fetch('/api/admin/config.yaml', {
        headers: { Authorization: `Bearer ${token}` },
      })
      return response.ok ? await response.blob() : null
    } catch {
      return null
    }
  }

  function $reset(): void {
    config.value = null
    version.value = 0
    audit.value = []
    loadFailed.value = false
  }

  return {
    config,
    version,
    audit,
    loadFailed,
    load,
    loadAudit,
    saveList,
    createStaff,
    updateStaff,
    resetPassword,
    heldWindows,
    createDevice,
    pairingCode,
    setDeviceZone,
    removeDevice,
    exportYaml,
    $reset,
  }
})
