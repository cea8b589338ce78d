/**
 * A self-service session's files: its download folder, the names of the files in it, leftovers of a
 * power cut, and the hub's catalogue. Plain Node: no `electron` import.
 */
import { open, readdir, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { createShellLogger } from '../shell-logger'

const log = createShellLogger('self-service')

/** Every session's download folder starts so, under the temp root; leftovers are swept at start. */
export const TEMP_PREFIX = 'kezek-self-service-'

/** A download's name, safe as a file name inside the session folder (never a path). */
export function safeFileName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name may not keep
    .replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120)
  return cleaned || 'download'
}

/** Whether the file starts like a PDF (`%PDF-`): only those are offered for printing. */
export async function isPdfFile(path: string): Promise<boolean> {
  const file = await open(path, 'r')
  try {
    const head = Buffer.alloc(5)
    const { bytesRead } = await file.read(head, 0, 5, 0)
    return bytesRead === 5 && head.toString('latin1') === '%PDF-'
  } finally {
    await file.close()
  }
}

/** Removes the download folders that a crash or power cut left under `tempRoot`. */
export async function sweepSessionFolders(tempRoot: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(tempRoot)
  } catch (error) {
    log.warn(`cannot list ${tempRoot} for leftover session folders`, error)
    return
  }
  await Promise.all(
    names
      .filter((name) => name.startsWith(TEMP_PREFIX))
      .map((name) =>
        rm(join(tempRoot, name), { recursive: true, force: true }).catch((error: unknown) =>
          log.warn(`a leftover session folder ${name} could not be removed`, error),
        ),
      ),
  )
}

/** Reads the hub's catalogue, with a time limit so a start never hangs on a silent hub. */
export function hubCatalogueLoader(hubOrigin: string, timeoutMs = 5_000): () => Promise<unknown> {
  return async () => {
    const response = await fetch(`${hubOrigin}/api/self-service`, { signal: AbortSignal.timeout(timeoutMs) })
    if (!response.ok) throw new Error(`GET /api/self-service answered ${response.status}`)
    return (await response.json()) as unknown
  }
}
