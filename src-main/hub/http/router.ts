/**
 * The hub's HTTP entry: one small app per feature, asked in order, the way Actual's sync server mounts
 * one app per feature. An app answers the requests whose path is its own (true) and leaves the rest
 * (false); an `/api/` path no app owns gets 404, anything else goes to the faces. The guard comes first:
 * no app sees a state-changing request that a page of another site could have sent.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { Logger } from '../logger'
import type { RequestGuard } from './request-guard'
import { sendError, sendJson, setSecurityHeaders } from './respond'

/** Resolves true once it has answered the request, false when the path is not its own. */
export type HttpApp = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>

export interface HttpRouterOptions {
  /** Asked before any app (see `request-guard.ts`). */
  guard: RequestGuard
  /** Asked in order until one answers. */
  apps: readonly HttpApp[]
  /** Everything outside `/api/`: the built renderer. */
  faces: (req: IncomingMessage, res: ServerResponse) => Promise<void>
  logger: Logger
}

export function httpRouter({ guard, apps, faces, logger }: HttpRouterOptions): RequestListener {
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub')
    if (guard(req, res, url)) return
    for (const app of apps) if (await app(req, res, url)) return
    if (url.pathname.startsWith('/api/')) {
      return sendError(res, 404, 'not_found', `no API at ${url.pathname}`)
    }
    return faces(req, res)
  }

  return (req, res) => {
    setSecurityHeaders(res)
    route(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'http handler failed')
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } })
      else res.end()
    })
  }
}
