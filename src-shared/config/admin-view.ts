/** What the admin screen reads and is told back by the hub's `/api/admin` (see docs/api.md). */
import type { CentreConfig } from './centre-config'
import type { DeviceConfig, StaffConfig } from './staff'

/** A staff member as the admin screen shows them: never the password hash. */
export type AdminStaffView = Omit<StaffConfig, 'passwordHash'>

/**
 * A window a staff member holds now (`GET /api/admin/staff/:id/windows`), with the ticket called or
 * served there: what disabling them closes and puts back in the queue.
 */
export interface HeldWindow {
  deskId: string
  label: string
  status: 'open' | 'paused'
  ticketNumber: string | null
}

/** The config as the admin screen reads it: no password hashes, no device key hashes. */
export type AdminConfigView = Omit<CentreConfig, 'staff' | 'devices'> & {
  staff: AdminStaffView[]
  devices: Omit<DeviceConfig, 'keyHash'>[]
}

/** One problem of a refused change: where in the config (zod's path) and what is wrong. */
export interface ConfigIssue {
  path: (string | number)[]
  message: string
}

/** One row of the change log: the section before and after, hashes shown only as changed or not. */
export interface ConfigAuditRow {
  version: number
  at: number
  /** The staff id of the admin who made the change. */
  by: string
  section: string
  before: unknown
  after: unknown
}
