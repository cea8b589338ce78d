/** Where the integration API lives: its versioned routes and its OpenAPI document. */

/** Every route of the API is under this prefix. */
export const API_PREFIX = '/api/v1'

/** The OpenAPI 3.1 document, public (no key). */
export const OPENAPI_PATH = '/api/openapi.json'

/** A path the API answers, always as JSON or problem+json. */
export function isApiPath(pathname: string): boolean {
  return pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`) || pathname === OPENAPI_PATH
}
