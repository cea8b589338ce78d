/** out/hub/: the built hub and tools. */
export const HUB_OUT_DIR: string
/** Built entry name (out/hub/<name>.js) → its TypeScript source, relative to the project. */
export const HUB_ENTRIES: Record<'cli' | 'hash-password' | 'start' | 'kiosk-chromium', string>
/** The built file of an entry of `HUB_ENTRIES`. */
export function builtHubFile(name: keyof typeof HUB_ENTRIES): string
/** True when an output is missing or older than any source of the hub and its tools. */
export function hubBuildIsStale(): boolean
/** Builds out/hub/ afresh. */
export function buildHub(): Promise<void>
/** Builds when stale, saying so on stderr. */
export function buildHubIfStale(): Promise<void>
