/** out/hub/: the built hub and tools. */
export const HUB_OUT_DIR: string
/** Built entry name (out/hub/<name>.js) → its TypeScript source, relative to the project. */
export const HUB_ENTRIES: Record<'cli' | 'hash-password' | 'rotate-key' | 'start' | 'kiosk-chromium', string>
/** The built file of an entry of `HUB_ENTRIES`. */
export function builtHubFile(name: keyof typeof HUB_ENTRIES): string
/** The sha256 of the sources the hub is built from. */
export function sourceDigest(): string
/** True when an output is missing or out/hub/ was built from other sources than today's. */
export function hubBuildIsStale(): boolean
/** Builds out/hub/ afresh, in a folder of its own that then takes out/hub's place. */
export function buildHub(): Promise<void>
/** Builds when stale, one process at a time, saying so on stderr. */
export function buildHubIfStale(): Promise<void>
