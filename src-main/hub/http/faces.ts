/**
 * The faces: the built renderer (one Vue app, every face a route), or a hint when it is not built.
 *
 * The build writes a brotli and a gzip copy beside each text file (`precompress` in
 * src-renderer/vite.config.ts); the smallest one the browser accepts is sent, never compressed per
 * request. Files under `/assets/` carry a content hash in their name, so they are cached for a year and
 * never asked again (`immutable`); the page itself (`index.html`, answered for every face's route) is
 * asked again each time, so a new build reaches every kiosk and phone on its next load.
 */
import { existsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import sirv from 'sirv'
import { sendText } from './respond'

export function facesApp(
  rendererDir: string | undefined,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const serve =
    rendererDir && existsSync(rendererDir)
      ? sirv(rendererDir, { single: true, etag: true, gzip: true, brotli: true, setHeaders: cacheHeaders })
      : null
  return async (req, res) => {
    if (!serve) {
      return sendText(
        res,
        503,
        'Kezek hub is running, but the faces are not built. Run `npm run build:renderer`, then reload this page.',
      )
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return sendText(res, 405, 'Method not allowed')
    }
    return serve(req, res, () => sendText(res, 404, 'Not found'))
  }
}

/** A year, the longest a cache is asked to keep anything. */
const ASSET_MAX_AGE_S = 365 * 24 * 60 * 60

function cacheHeaders(res: ServerResponse, pathname: string): void {
  res.setHeader(
    'Cache-Control',
    pathname.startsWith('/assets/') ? `public, max-age=${ASSET_MAX_AGE_S}, immutable` : 'no-cache',
  )
}
