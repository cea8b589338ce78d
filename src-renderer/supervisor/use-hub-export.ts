import { ref, type Ref } from 'vue'
import { useSessionStore } from '../stores/session'
import { downloadBlob } from './download-blob'
import { fetchExport, type HubRefusal } from './supervisor-registration'

export type ExportOutcome = { ok: true } | { ok: false; refusal: HubRefusal }

/**
 * One of the hub's CSV exports behind a button: fetched with the session's token (a plain link would
 * carry none), then saved under `fileName`. `busy` while the hub prepares it.
 */
export function useHubExport(): {
  busy: Ref<boolean>
  download: (path: string, fileName: string) => Promise<ExportOutcome>
} {
  const session = useSessionStore()
  const busy = ref(false)

  async function download(path: string, fileName: string): Promise<ExportOutcome> {
    const token = session.token
    if (!token) return { ok: false, refusal: 'unauthenticated' }
    busy.value = true
    try {
      const result = await fetchExport(path, token)
      if (!result.ok) return result
      downloadBlob(result.blob, fileName)
      return { ok: true }
    } finally {
      busy.value = false
    }
  }

  return { busy, download }
}
