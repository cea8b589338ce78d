import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reportsBench } from './reports'
async function main() {
  const r = await reportsBench(mkdtempSync(join(tmpdir(), 'x-')), { days: 30, perDay: 1500, runs: 1 })
  console.log(r.projectSeconds, r.generateSeconds)
}
void main()
