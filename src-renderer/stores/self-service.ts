import { defineStore } from 'pinia'
import { computed, nextTick, ref, shallowRef } from 'vue'
import type { PortalBounds } from '../../src-shared/bridge'
import { idleSettings, idleStatus, afterActivity, type IdleStatus } from '../../src-shared/self-service'
import { sendCommand, type ClientAckError } from '../hub/hub-client'
import { useCentreStore } from './centre'
import { useKioskStore } from './kiosk'

/** Where the portal of a guided session runs: the kiosk shell's own view, or a browser tab. */
export type PortalMode = 'electron' | 'browser'

/** The last "print this page" of the session, for the panel to say how it went. */
export type PortalPrintStatus = 'idle' | 'printing' | 'printed' | 'failed'

/**
 * The guided self-service session of the citizen at this kiosk: the hub's session id, the step the
 * panel shows, the help request, the idle clock, and the portal (the shell's view or the browser tab).
 * `end` wipes the portal and sends the kiosk home with nothing of the citizen left.
 */
export const useSelfServiceStore = defineStore('self-service', () => {
  const serviceId = ref<string | null>(null)
  const sessionId = ref<string | null>(null)
  const mode = ref<PortalMode>('browser')
  /** The step the citizen works on; equal to the number of steps once every step is done. */
  const current = ref(0)
  /** The furthest step the hub was told of. */
  const reached = ref<number | null>(null)
  const helpId = ref<string | null>(null)
  const error = ref<ClientAckError['error'] | null>(null)
  const starting = ref(false)
  const lastActivityAt = ref(Date.now())
  /** The browser tab of the portal: never reactive, and forgotten at the end. */
  const portalTab = shallowRef<Window | null>(null)
  /** True when the browser refused to open the portal tab (a pop-up blocker). */
  const tabBlocked = ref(false)
  /** Whether the portal view has a page to go back to (from the shell's last navigation). */
  const canGoBack = ref(false)
  const printStatus = ref<PortalPrintStatus>('idle')
  let unsubscribe: Array<() => void> = []
  let ending = false

  const centre = useCentreStore()

  const scenario = computed(() =>
    serviceId.value ? (centre.serviceById.get(serviceId.value)?.selfService ?? null) : null,
  )
  const steps = computed(() => scenario.value?.steps ?? [])
  const settings = computed(() => idleSettings(centre.config?.selfService ?? null))
  const help = computed(() => (helpId.value ? (centre.state.helpRequests[helpId.value] ?? null) : null))
  const active = computed(() => sessionId.value !== null)
  /** The portal view's controls this shell offers: an older shell may lack some, a browser has none. */
  const portalControls = computed(() => {
    void mode.value
    const shell = bridge()
    return {
      back: mode.value === 'electron' && typeof shell?.portalBack === 'function',
      home: mode.value === 'electron' && typeof shell?.portalHome === 'function',
      print: mode.value === 'electron' && typeof shell?.printCertificate === 'function',
    }
  })

  function bridge() {
    const kezek = typeof window === 'undefined' ? undefined : window.kezek
    return kezek?.startSelfService ? kezek : undefined
  }

  function touch(now = Date.now()): void {
    lastActivityAt.value = afterActivity(settings.value, lastActivityAt.value, now)
  }

  function idle(now = Date.now()): IdleStatus {
    return idleStatus(settings.value, lastActivityAt.value, now)
  }

  /** The portal reached step `step` (a page in the shell, a "done" touch in the browser). */
  async function markStep(step: number): Promise<void> {
    const id = sessionId.value
    if (!id || step < 0 || step >= steps.value.length) return
    if (reached.value !== null && step <= reached.value) return
    reached.value = step
    const ack = await sendCommand('selfservice:step', { sessionId: id, step })
    if (!ack.ok && sessionId.value === id) error.value = ack.error
  }

  /** Browser mode: the citizen says the current step is done; the panel moves to the next. */
  async function completeCurrent(): Promise<void> {
    const step = current.value
    if (step >= steps.value.length) return
    current.value = step + 1
    touch()
    await markStep(step)
  }

  /**
   * Starts a session for `id`: the hub first (so the record exists), then the portal. `bounds` is where
   * the shell puts its portal view; in a plain browser the portal opens in a new tab.
   */
  async function start(id: string, bounds: () => PortalBounds | null): Promise<void> {
    if (starting.value || sessionId.value) return
    const kiosk = useKioskStore()
    const startUrl = centre.serviceById.get(id)?.selfService?.startUrl
    starting.value = true
    error.value = null
    serviceId.value = id
    current.value = 0
    reached.value = null
    helpId.value = null
    tabBlocked.value = false
    const shell = bridge()
    mode.value = shell ? 'electron' : 'browser'
    // The tab is opened inside the touch that asked for it, or a pop-up blocker refuses it.
    if (!shell && startUrl) {
      portalTab.value = window.open(startUrl, '_blank')
      tabBlocked.value = portalTab.value === null
    }
    const ack = await sendCommand('selfservice:start', { serviceId: id })
    starting.value = false
    if (!ack.ok) {
      error.value = ack.error
      closeTab()
      return
    }
    sessionId.value = ack.sessionId
    touch()
    kiosk.enterSelfService()
    if (shell) {
      await nextTick()
      unsubscribe.push(
        shell.onPortalNavigated!((navigation) => {
          touch()
          canGoBack.value = navigation.canGoBack
          if (navigation.step !== null && navigation.step >= current.value) {
            current.value = navigation.step
            void markStep(navigation.step)
          }
        }),
        shell.onPortalEvent!((event) => {
          if (event.type === 'activity') touch()
        }),
      )
      const area = bounds() ?? { x: 0, y: 0, width: 0, height: 0 }
      const result = await shell.startSelfService!({ serviceId: id, bounds: area })
      if (!result.ok) error.value = { code: 'internal', message: result.message }
    }
  }

  async function portalBack(): Promise<void> {
    touch()
    await bridge()?.portalBack?.()
  }

  /** Back to the scenario's start page, for a citizen lost on the portal. */
  async function portalHome(): Promise<void> {
    touch()
    await bridge()?.portalHome?.()
  }

  /** Prints the page the portal shows now (a certificate) on the kiosk's certificate printer. */
  async function printPortalPage(): Promise<void> {
    const print = bridge()?.printCertificate
    if (!print || printStatus.value === 'printing') return
    touch()
    printStatus.value = 'printing'
    const result = await print({}).catch(() => ({ ok: false as const, reason: 'bridge' }))
    // The session ended meanwhile: the answer belongs to nobody on screen now.
    if (!active.value) return
    printStatus.value = result.ok ? 'printed' : 'failed'
  }

  async function requestHelp(): Promise<void> {
    const id = serviceId.value
    if (!id || (help.value && (help.value.status === 'open' || help.value.status === 'accepted'))) return
    touch()
    const ack = await sendCommand('help:request', {
      serviceId: id,
      sessionId: sessionId.value,
      step: sessionId.value === null ? null : reached.value,
    })
    if (ack.ok) helpId.value = ack.helpId
    else error.value = ack.error
  }

  function closeTab(): void {
    const tab = portalTab.value
    portalTab.value = null
    try {
      tab?.close()
    } catch {
      // A tab the citizen closed already, or one the browser no longer lets us touch.
    }
  }

  /**
   * Ends the session (`completed` by "finish", `timed_out` by the idle clock, `abandoned` otherwise),
   * wipes the portal, and sends the kiosk home. Safe to call twice.
   */
  async function end(outcome: 'completed' | 'abandoned' | 'timed_out'): Promise<void> {
    if (ending) return
    ending = true
    const id = sessionId.value
    const shell = bridge()
    for (const off of unsubscribe) off()
    unsubscribe = []
    closeTab()
    try {
      await Promise.all([
        id ? sendCommand('selfservice:finish', { sessionId: id, outcome }) : Promise.resolve(null),
        shell ? shell.endSelfService!() : Promise.resolve(null),
      ])
    } finally {
      forget()
      useKioskStore().reset()
      ending = false
    }
  }

  function forget(): void {
    serviceId.value = null
    sessionId.value = null
    current.value = 0
    reached.value = null
    helpId.value = null
    error.value = null
    starting.value = false
    tabBlocked.value = false
    canGoBack.value = false
    printStatus.value = 'idle'
  }

  return {
    serviceId,
    sessionId,
    mode,
    current,
    reached,
    helpId,
    help,
    error,
    starting,
    active,
    lastActivityAt,
    portalTab,
    tabBlocked,
    canGoBack,
    printStatus,
    portalControls,
    scenario,
    steps,
    settings,
    touch,
    idle,
    markStep,
    completeCurrent,
    start,
    requestHelp,
    portalBack,
    portalHome,
    printPortalPage,
    end,
  }
})
