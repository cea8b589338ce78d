import { ref, type Ref } from 'vue'
import type { Report } from '../../../src-shared/reports'
import { useSessionStore } from '../../stores/session'

/**
 * The report of a range of days (`GET /api/reports` with the session's token). `error` holds the hub's
 * own words when it refuses (a bad range is named there), or a short reason when it cannot be reached.
 */
export function useReport(): {
  report: Ref<Report | null>
  loading: Ref<boolean>
  error: Ref<string | null>
  load: (from: string, to: string) => Promise<void>
} {
  const session = useSessionStore()
  const report = ref<Report | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let asked = 0

  async function load(from: string, to: string): Promise<void> {
    const mine = ++asked
    loading.value = true
    error.value = null
    try {
      const response = await fetch(`/api/reports?from=${from}&to=${to}`, {
        headers: { Authorization: `Bearer ${session.token ?? ''}` },
      })
      const body = (await response.json()) as Report | { error: { message: string } }
      if (mine !== asked) return
      if ('error' in body) {
        error.value = body.error.message
        report.value = null
      } else report.value = body
    } catch (cause) {
      if (mine === asked) error.value = (cause as Error).message || 'offline'
    } finally {
      if (mine === asked) loading.value = false
    }
  }

  return { report, loading, error, load }
}
