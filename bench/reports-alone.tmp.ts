import { tmpdir } from 'node:os'
import { reportsBench, printReports } from './reports'
async function main() {
  const days = Number(process.argv[2] ?? 300)
  const t = Date.now()
  printReports(await reportsBench(tmpdir(), { days, perDay: 1500, runs: 3 }))
  console.log('total s', (Date.now() - t) / 1000)
}
void main()
