/**
 * The staff section's changes (see `config-change.ts`): the admin screen's (create a login, edit names
 * and roles, disable or enable it, set a new password, typed by the admin or made by the hub and shown
 * once) and the person's own new password. A password the admin gave marks the login
 * `mustChangePassword`; the person's own clears it. Passwords are hashed here, on the hub; only their
 * scrypt hashes ever reach the config, its versions or an export.
 */
import { randomInt } from 'node:crypto'
import {
  STAFF_PASSWORD_MAX_LENGTH,
  STAFF_PASSWORD_MIN_LENGTH,
  staffPasswordProblem,
  type StaffConfig,
} from '../../../src-shared/config'
import { hashPassword } from '../passwords'
import type { ChangeResult, ConfigAdmin, ConfigIssue } from './config-change'
import type { StaffRelease } from './staff-release'
/** Letters and digits that are not misread when copied from a screen (no 0/O, 1/l/I). */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A new password for a staff member: 12 characters, about 70 bits. */
export function newStaffPassword(): string {
  return Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
}

export interface StaffFields {
  login?: unknown
  firstName?: unknown
  lastName?: unknown
  roles?: unknown
  disabled?: unknown
}

export type StaffResult =
  | (Extract<ChangeResult, { ok: true }> & { staff: StaffConfig; password?: string })
  | Extract<ChangeResult, { ok: false }>

const notFound = (id: string): StaffResult => ({
  ok: false,
  status: 409,
  issues: [{ path: ['staff'], message: `no staff member "${id}"` }],
})

export function passwordProblem(password: unknown, field = 'password'): ConfigIssue | null {
  switch (staffPasswordProblem(password)) {
    case 'too_short':
      return { path: [field], message: `must be at least ${STAFF_PASSWORD_MIN_LENGTH} characters` }
    case 'too_long':
      return { path: [field], message: `must be at most ${STAFF_PASSWORD_MAX_LENGTH} characters` }
    default:
      return null
  }
}

/** The id of a new login: the login in the config's id alphabet, made unique. */
function idFor(login: unknown, taken: Set<string>): string {
  const base =
    String(login ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 36) || 'staff'
  let id = base
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`
  return id
}

export class StaffAdmin {
  /** `release`: closes the windows of a login being disabled (none: a hub without an engine, in tests). */
  constructor(
    private readonly admin: ConfigAdmin,
    private readonly release: StaffRelease | null = null,
  ) {}

  /** A new login; without `password` the hub makes one and answers it, once. */
  async create(fields: StaffFields & { password?: unknown }, by: string): Promise<StaffResult> {
    const generated = fields.password === undefined || fields.password === '' ? newStaffPassword() : null
    const password = generated ?? fields.password
    const problem = passwordProblem(password)
    if (problem) return { ok: false, status: 422, issues: [problem] }
    const passwordHash = await hashPassword(password as string)
    let id = ''
    const result = await this.admin.changeWith(
      'staff',
      (config) => {
        id = idFor(fields.login, new Set(config.staff.map((s) => s.id)))
        return [
          ...config.staff,
          {
            id,
            login: fields.login,
            firstName: fields.firstName,
            lastName: fields.lastName ?? '',
            roles: fields.roles,
            passwordHash,
            mustChangePassword: true,
          },
        ]
      },
      by,
    )
    return this.#answer(result, id, generated ?? undefined)
  }

  /** Names, login, roles, disabled: what `fields` holds, the rest as it was. */
  async update(id: string, fields: StaffFields, by: string): Promise<StaffResult> {
    const index = this.admin.current.staff.findIndex((s) => s.id === id)
    if (index < 0) return notFound(id)
    // An admin cannot lock themselves out: the centre might be left with no one to undo it.
    const dropsAdmin = Array.isArray(fields.roles) && !fields.roles.includes('admin')
    if (id === by && (fields.disabled === true || dropsAdmin)) {
      const field = fields.disabled === true ? 'disabled' : 'roles'
      return {
        ok: false,
        status: 409,
        issues: [
          {
            path: ['staff', index, field],
            message: 'you cannot disable your own login or take away your own admin role',
          },
        ],
      }
    }
    // Disabling: the person's windows close and their tickets go back to the queue first, so a crash
    // before the config change leaves no ticket stranded; once more after it, for a ticket called between.
    const disabling = fields.disabled === true && this.release !== null
    if (disabling) {
      const refused = await this.release!.release(id, by)
      if (refused) return { ok: false, status: 409, issues: [{ ...refused, path: ['staff', index] }] }
    }
    const result = await this.admin.changeWith(
      'staff',
      (config) =>
        config.staff.map((staff) => {
          if (staff.id !== id) return staff
          const next: Record<string, unknown> = { ...staff }
          for (const key of ['login', 'firstName', 'lastName', 'roles', 'disabled'] as const) {
            if (fields[key] !== undefined) next[key] = fields[key]
          }
          if (next.disabled === false) delete next.disabled
          return next
        }),
      by,
    )
    if (disabling && result.ok) await this.release!.release(id, by)
    return this.#answer(result, id)
  }

  /**
   * A new password: the one given, or one the hub makes and answers once. The person must change it at
   * their next sign-in, unless the admin set their own.
   */
  async setPassword(id: string, password: unknown, by: string): Promise<StaffResult> {
    if (!this.admin.current.staff.some((s) => s.id === id)) return notFound(id)
    const generated = password === undefined || password === '' ? newStaffPassword() : null
    const plain = generated ?? password
    const problem = passwordProblem(plain)
    if (problem) return { ok: false, status: 422, issues: [problem] }
    return this.#answer(await this.#setHash(id, plain as string, id !== by, by), id, generated ?? undefined)
  }

  /** The person's own new password, chosen by them: audited as theirs, and they need not change it. */
  async setOwnPassword(id: string, password: string): Promise<StaffResult> {
    if (!this.admin.current.staff.some((s) => s.id === id)) return notFound(id)
    const problem = passwordProblem(password, 'newPassword')
    if (problem) return { ok: false, status: 422, issues: [problem] }
    return this.#answer(await this.#setHash(id, password, false, id), id)
  }

  async #setHash(id: string, plain: string, mustChange: boolean, by: string): Promise<ChangeResult> {
    const passwordHash = await hashPassword(plain)
    return this.admin.changeWith(
      'staff',
      (config) =>
        config.staff.map((staff) => {
          if (staff.id !== id) return staff
          const { mustChangePassword: _, ...rest } = staff
          return mustChange ? { ...rest, passwordHash, mustChangePassword: true } : { ...rest, passwordHash }
        }),
      by,
    )
  }

  #answer(result: ChangeResult, id: string, password?: string): StaffResult {
    if (!result.ok) return result
    const staff = result.config.staff.find((s) => s.id === id)!
    return { ...result, staff, ...(password ? { password } : {}) }
  }
}
