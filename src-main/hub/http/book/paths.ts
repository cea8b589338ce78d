/** Where the `/book` page's API lives: every answer under it is JSON or problem+json. */
export const BOOK_API_PREFIX = '/api/book'

export function isBookApiPath(pathname: string): boolean {
  return pathname === BOOK_API_PREFIX || pathname.startsWith(`${BOOK_API_PREFIX}/`)
}
