// Imported first by main.ts, before any module that builds a zod schema. zod probes whether `new
// Function` works to speed up parsing; under the faces' CSP (no 'unsafe-eval') the probe fails, which
// the browser reports as a CSP violation on every page. jitless skips the probe; the speed is not needed.
import { z } from 'zod'

z.config({ jitless: true })
