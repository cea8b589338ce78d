/** Where the hub's HTTP server listens, and the address its own pages and logs name. */
import type { Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export function httpListener(http: HttpServer) {
  let port = 0
  let host = '127.0.0.1'
  return {
    /** Starts listening; resolves with the bound port. */
    listen(requestedPort: number, requestedHost = '127.0.0.1'): Promise<number> {
      host = requestedHost
      return new Promise((resolve, reject) => {
        http.once('error', reject)
        http.listen(requestedPort, requestedHost, () => {
          http.off('error', reject)
          port = (http.address() as AddressInfo).port
          resolve(port)
        })
      })
    },
    url(): string {
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
      return `http://${shown}:${port}`
    },
  }
}
