/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile (from
 * `npm run bench -- --profile`) spent its time — self time by function and by package or folder.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

const [file, topText] = process.argv.slice(2)
if (!file) {
  console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]')
  process.exit(2)
}
const top = Number(topText ?? 25)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile

const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const selfUs = new Map<number, number>()
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
})
const total = profile.endTime - profile.startTime

function area(url: string): string {
  if (!url) return '(native/vm)'
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (modules) return modules[1]!
  const project = /\/(src-main|src-shared|bench)\/(.*)$/.exec(url)
  if (project) return `${project[1]}/${project[2]!.replace(/\?.*$/, '')}`
  if (url.startsWith('node:')) return url
  return url.replace(/^file:\/\//, '')
}

const byFunction = new Map<string, number>()
const byArea = new Map<string, number>()
for (const [id, us] of selfUs) {
  const node = byId.get(id)!
  const { functionName, url, lineNumber } = node.callFrame
  const where = area(url)
  const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + us)
  byArea.set(where, (byArea.get(where) ?? 0) + us)
}

const show = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title}`)
  for (const [key, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`,
    )
  }
}
console.log(`${file}: ${(total / 1e6).toFixed(1)} s profiled`)
show('self time by area', byArea)
show('self time by function', byFunction)
