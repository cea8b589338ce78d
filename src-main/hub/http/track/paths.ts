/** Where the tracker page's API lives (`/api/track`): every answer under it is JSON or problem+json. */
export const TRACK_API_PREFIX = '/api/track'

export function isTrackApiPath(pathname: string): boolean {
  return pathname === TRACK_API_PREFIX || pathname.startsWith(`${TRACK_API_PREFIX}/`)
}
