/** The `electron` package's folder, or null when it is not installed (production install). */
export function electronPackageDir(): string | null
/** Absolute path of the Electron executable, or null when the binary is missing. */
export function findElectronBinary(electronDir?: string | null, env?: NodeJS.ProcessEnv): string | null
