/**
 * The faces' `zod`: in the renderer's build every `import … from 'zod'` resolves to this module (the
 * alias in vite.config.ts), so zod is set up before any schema parses, whichever face loads it first,
 * and a face that needs no zod (the phone tracker) does not download it.
 *
 * zod probes whether `new Function` works to speed up parsing; under the faces' CSP (no 'unsafe-eval')
 * the probe fails, which the browser reports as a CSP violation on every page. jitless skips the probe;
 * the speed is not needed.
 */
import { z } from 'zod/v4'

z.config({ jitless: true })

export * from 'zod/v4'
export { z }
export default z
