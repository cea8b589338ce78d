/** The faces: the built renderer (one Vue app, every face a route), or a hint when it is not built. */
import { existsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import sirv from 'sirv'
import { sendText } from './respond'

export function facesApp(
  rendererDir: string | undefined,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const serve =
    rendererDir && existsSync(rendererDir)
      ? sirv(rendererDir, { single: true, etag: true, gzip: false, brotli: false })
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
