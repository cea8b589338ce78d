/** Where the `/join` page's API lives: every answer under it is JSON or problem+json. */
export const JOIN_API_PREFIX = '/api/join'

export function isJoinApiPath(pathname: string): boolean {
  return pathname === JOIN_API_PREFIX || pathname.startsWith(`${JOIN_API_PREFIX}/`)
}
