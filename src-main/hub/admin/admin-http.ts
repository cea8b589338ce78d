/**
 * `/api/admin/*`: the admin screen's HTTP API (admin role only, `Authorization: Bearer <session token>`).
 * See docs/api.md. Reads answer the config as the admin screen shows it (no password or key hashes);
 * writes go through `ConfigAdmin` (validated whole, stored as a version, live at once) and answer a
 * refused change with `422 invalid_payload` and its `issues`, each at its path in the config.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { stringify } from 'yaml'
import type { AdminConfigView, AdminStaffView, CentreConfig, StaffConfig } from '../../../src-shared/config'
import type { HttpApp } from '../http/router'
import { bearerToken, readJson, sendJson } from '../http/respond'
import type { StaffSessions } from '../staff-sessions'
import { isEditableSection, type ChangeResult, type ConfigAdmin, type ConfigIssue } from './config-change'
import type { ConfigVersions } from './config-versions'
import type { DevicePairing } from './device-pairing'
import { hashDeviceKey, newDeviceKey } from '../passwords'
import type { StaffAdmin, StaffResult } from './staff-admin'
import type { StaffRelease } from './staff-release'

const PREFIX = '/api/admin/'
/** A whole section (the services in three languages) is bigger than the other APIs' bodies. */
const MAX_BODY_BYTES = 256 * 1024

export interface AdminAppOptions {
  admin: ConfigAdmin
  staff: StaffAdmin
  /** The windows a person holds, for the confirmation before disabling them. */
  release: StaffRelease
  versions: ConfigVersions | null
  sessions: StaffSessions
  pairing: DevicePairing
}

/** The config as the admin screen reads it: staff without hashes, devices without key hashes. */
export function adminView(config: CentreConfig): AdminConfigView {
  return {
    ...config,
    staff: config.staff.map(staffView),
    devices: config.devices.map(({ keyHash: _key, ...device }) => device),
  }
}

function staffView({ passwordHash: _hash, ...staff }: StaffConfig): AdminStaffView {
  return staff
}

const error = (res: ServerResponse, status: number, code: string, message: string, more = {}) =>
  sendJson(res, status, { error: { code, message, ...more } })

function refusal(res: ServerResponse, result: { status: number; issues: ConfigIssue[] }): void {
  const message = result.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ')
  const code = result.status === 503 ? 'storage_failed' : 'invalid_payload'
  error(res, result.status, code, message || 'the change was refused', { issues: result.issues })
}

export function adminApp({ admin, staff, release, versions, sessions, pairing }: AdminAppOptions): HttpApp {
  async function signedInAdmin(req: IncomingMessage, res: ServerResponse): Promise<StaffConfig | null> {
    const token = bearerToken(req)
    const who = token ? sessions.staffOf(await sessions.find(token)) : undefined
    if (!who) {
      error(res, 401, 'unauthenticated', 'send Authorization: Bearer <token> of a signed-in staff member')
      return null
    }
    if (!who.roles.includes('admin')) {
      error(res, 403, 'forbidden', `${who.roles.join('/')} may not use the admin API`)
      return null
    }
    return who
  }

  async function body(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | null> {
    const read = await readJson(req, MAX_BODY_BYTES)
    if (!read.ok) {
      error(res, read.status, read.code, read.message)
      return null
    }
    if (typeof read.value !== 'object' || read.value === null || Array.isArray(read.value)) {
      error(res, 400, 'invalid_payload', 'send a JSON object')
      return null
    }
    return read.value as Record<string, unknown>
  }

  const changed = (res: ServerResponse, result: ChangeResult) =>
    result.ok
      ? sendJson(res, 200, { version: result.version, config: adminView(result.config) })
      : refusal(res, result)

  const staffAnswer = (res: ServerResponse, result: StaffResult, status = 200) =>
    result.ok
      ? sendJson(res, status, {
          version: result.version,
          staff: staffView(result.staff),
          ...(result.password ? { password: result.password } : {}),
        })
      : refusal(res, result)

  return async (req, res, url) => {
    if (!url.pathname.startsWith(PREFIX)) return false
    const rest = url.pathname.slice(PREFIX.length).split('/')
    const method = req.method ?? 'GET'
    const who = await signedInAdmin(req, res)
    if (!who) return true
    const [first, second, third] = rest
    if (first === 'config' && rest.length === 1 && method === 'GET') {
      const latest = versions ? await versions.latest() : null
      sendJson(res, 200, { version: latest?.version ?? 0, config: adminView(admin.current) })
    } else if (first === 'config.yaml' && rest.length === 1 && method === 'GET') {
      res.statusCode = 200
      res.setHeader('Content-Type', 'application/yaml; charset=utf-8')
      res.setHeader('Content-Disposition', `attachment; filename="${admin.current.centre.id}.yaml"`)
      res.setHeader('Cache-Control', 'no-store')
      res.end(exportYaml(admin.current))
    } else if (first === 'audit' && rest.length === 1 && method === 'GET') {
      const limit = Number(url.searchParams.get('limit') ?? '50')
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        error(res, 400, 'invalid_payload', 'limit must be a whole number from 1 to 500')
      } else sendJson(res, 200, { changes: versions ? await versions.audit(limit) : [] })
    } else if (first === 'config' && second && rest.length === 2 && method === 'PUT') {
      if (!isEditableSection(second) || second === 'staff' || second === 'devices') {
        error(res, 404, 'not_found', `the admin screen does not edit "${second}" this way`)
      } else {
        const payload = await body(req, res)
        if (payload) changed(res, await admin.change(second, payload.value, who.id))
      }
    } else if (first === 'devices' && rest.length === 1 && method === 'POST') {
      const payload = await body(req, res)
      if (payload) {
        // Until it is paired, its key is one nobody holds: the device cannot connect.
        const device = { ...payload, keyHash: hashDeviceKey(newDeviceKey()) }
        const result = await admin.changeWith('devices', (config) => [...config.devices, device], who.id)
        if (!result.ok) refusal(res, result)
        else {
          const id = String(payload.id)
          sendJson(res, 201, {
            version: result.version,
            device: adminView(result.config).devices.find((d) => d.id === id),
            pairing: await pairing.issue(id, who.id),
          })
        }
      }
    } else if (
      first === 'devices' &&
      second &&
      third === 'pairing' &&
      rest.length === 3 &&
      method === 'POST'
    ) {
      if (!admin.current.devices.some((d) => d.id === second)) {
        error(res, 404, 'not_found', `no device "${second}"`)
      } else sendJson(res, 200, await pairing.issue(second, who.id))
    } else if (first === 'devices' && second && rest.length === 2 && method === 'PATCH') {
      const payload = await body(req, res)
      if (payload && !admin.current.devices.some((d) => d.id === second)) {
        error(res, 404, 'not_found', `no device "${second}"`)
      } else if (payload) {
        const result = await admin.changeWith(
          'devices',
          (config) => config.devices.map((d) => (d.id === second ? devicePatched(d, payload) : d)),
          who.id,
        )
        changed(res, result)
      }
    } else if (first === 'devices' && second && rest.length === 2 && method === 'DELETE') {
      if (!admin.current.devices.some((d) => d.id === second)) {
        error(res, 404, 'not_found', `no device "${second}"`)
      } else {
        // Its sockets end (`dropChangedDevices`) and its key matches no device any more.
        await pairing.forget(second)
        changed(
          res,
          await admin.changeWith('devices', (c) => c.devices.filter((d) => d.id !== second), who.id),
        )
      }
    } else if (first === 'staff' && rest.length === 1 && method === 'POST') {
      const payload = await body(req, res)
      if (payload) staffAnswer(res, await staff.create(payload, who.id), 201)
    } else if (first === 'staff' && second && rest.length === 2 && method === 'PATCH') {
      const payload = await body(req, res)
      if (payload) staffAnswer(res, await staff.update(second, payload, who.id))
    } else if (first === 'staff' && second && third === 'windows' && rest.length === 3 && method === 'GET') {
      if (!admin.current.staff.some((s) => s.id === second)) {
        error(res, 404, 'not_found', `no staff member "${second}"`)
      } else sendJson(res, 200, { windows: release.held(second) })
    } else if (
      first === 'staff' &&
      second &&
      third === 'password' &&
      rest.length === 3 &&
      method === 'POST'
    ) {
      const payload = await body(req, res)
      if (payload) staffAnswer(res, await staff.setPassword(second, payload.password, who.id))
    } else {
      error(res, 404, 'not_found', `no admin API at ${method} ${url.pathname}`)
    }
    return true
  }
}

/**
 * A device with the fields a PATCH names: `name`, and `zone` (a display's; `null` clears it). The
 * whole config's schema checks the result.
 */
function devicePatched<T extends { zone?: unknown }>(device: T, payload: Record<string, unknown>): T {
  const next: Record<string, unknown> = { ...device }
  if ('name' in payload) next.name = payload.name
  if ('zone' in payload) {
    if (payload.zone === null) delete next.zone
    else next.zone = payload.zone
  }
  return next as T
}

/** The config as a file: the same shape the hub reads (hashes as the file holds them). */
export function exportYaml(config: CentreConfig): string {
  const header = `# ${config.centre.id}: exported from the admin screen; the hub reads it with --config.\n`
  return header + stringify(config, { lineWidth: 0 })
}
