import type { StaffRole } from './staff'

/**
 * Staff who work at a desk, so a supervisor may open one for them (`desk:open` with `staffId`). Zod-free,
 * like `languages.ts`: the domain and the faces read it without loading the config's schemas.
 */
export const DESK_ROLES: readonly StaffRole[] = ['consultant', 'registrar']
