import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { ConfigError, DEFAULT_CONFIG_PATH, loadCentreConfig } from '../../src-main/hub/config-file'

const folder = mkdtempSync(join(tmpdir(), 'kezek-config-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** The demo config as plain data, to break one thing at a time. */
function demo(): any {
  return parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8'))
}

function write(name: string, text: string): string {
  const file = join(folder, name)
  writeFileSync(file, text)
  return file
}

/** Loads `file`, expecting a ConfigError, and returns its message. */
function failure(file: string): string {
  try {
    loadCentreConfig(file)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).message
  }
  throw new Error(`${file} loaded, but it should not have`)
}

describe('the demo centre config', () => {
  const config = loadCentreConfig(DEFAULT_CONFIG_PATH)

  it('loads and describes the Astana centre in its time zone', () => {
    expect(basename(DEFAULT_CONFIG_PATH)).toBe('demo-centre.yaml')
    expect(config.centre.timeZone).toBe('Asia/Almaty')
    expect(config.centre.name.kk).toMatch(/Астана/)
    expect(config.centre.openingHours.mon).toEqual([['09:00', '18:00']])
    expect(config.centre.openingHours.sat).toEqual([['09:00', '13:00']])
    expect(config.centre.openingHours.sun).toEqual([])
  })

  it('offers at least 8 services in 3–4 groups, each with its own prefix and names in kk, ru and en', () => {
    expect(config.services.length).toBeGreaterThanOrEqual(8)
    expect(config.serviceGroups.length).toBeGreaterThanOrEqual(3)
    expect(config.serviceGroups.length).toBeLessThanOrEqual(4)
    expect(new Set(config.services.map((s) => s.prefix)).size).toBe(config.services.length)
    for (const item of [...config.services, ...config.serviceGroups, ...config.priorityCategories]) {
      expect(item.name.en, item.id).toBeTruthy()
    }
  })

  it('does not offer the address certificate, abolished in 2019', () => {
    const names = config.services.flatMap((s) => [s.name.kk, s.name.ru, s.name.en ?? ''])
    expect(names.join('\n')).not.toMatch(/адрес|address/i)
  })

  it('has one mobile-citizen registration service, served at window 6', () => {
    const registration = config.services.filter((s) => s.mobileRegistration)
    expect(registration).toHaveLength(1)
    expect(config.desks.map((d) => d.label)).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(config.desks.find((d) => d.label === '6')!.serviceIds).toEqual([registration[0]!.id])
  })

  it('marks the services that can be done on egov as online', () => {
    const online = config.services.filter((s) => s.online).map((s) => s.name.en)
    expect(online).toEqual(
      expect.arrayContaining([
        'Certificate of no criminal record',
        'Psychiatric dispensary certificate',
        'Narcological dispensary certificate',
        'Pension contributions statement',
        'Real-estate certificate',
        'Residence registration',
        'Attachment to a clinic',
        'Kindergarten waiting list',
      ]),
    )
    expect(config.services.find((s) => s.mobileRegistration)!.online).toBe(false)
  })

  it('has staff in every role, two kiosks, two hall displays and a zone display over windows 1–3', () => {
    const roles = config.staff.flatMap((s) => s.roles)
    expect(roles.filter((r) => r === 'consultant')).toHaveLength(3)
    expect(roles).toEqual(expect.arrayContaining(['registrar', 'supervisor', 'admin']))
    expect(config.devices.filter((d) => d.kind === 'kiosk')).toHaveLength(2)
    const displays = config.devices.filter((d) => d.kind === 'display')
    expect(displays.filter((d) => !d.zone)).toHaveLength(2)
    expect(displays.filter((d) => d.zone).map((d) => [d.id, d.zone?.deskIds])).toEqual([
      ['display-zone-1', ['desk-1', 'desk-2', 'desk-3']],
    ])
  })

  it('loads the same from JSON as from YAML', () => {
    const file = write('demo-copy.json', JSON.stringify(demo(), null, 2))
    expect(loadCentreConfig(file)).toEqual(config)
  })

  it('warns in the file itself that its credentials are demo ones', () => {
    const head = readFileSync(DEFAULT_CONFIG_PATH, 'utf8').split('\n').slice(0, 8).join('\n')
    expect(head).toMatch(/DEMO CREDENTIALS/)
    expect(head).toMatch(/docs\/demo-accounts\.md/)
  })
})

interface BadCase {
  name: string
  /** File name to write (its extension chooses the parser). */
  file: string
  /** The file's text: a YAML/JSON string, or a change to the demo config written in the file's format. */
  content: string | ((config: any) => void)
  /** Every one of these must appear in the error message. */
  expected: string[]
}

const badCases: BadCase[] = [
  {
    name: 'a lowercase prefix',
    file: 'bad-prefix.yaml',
    content: (c) => (c.services[2].prefix = 'c'),
    expected: ['services[2].prefix: must be one or two capital letters'],
  },
  {
    name: 'a Cyrillic prefix that looks like a Latin one already in use',
    file: 'lookalike-prefix.yaml',
    content: (c) => (c.services[3].prefix = 'А'),
    expected: ['services[3].prefix: looks the same as prefix "A" of services[0]'],
  },
  {
    name: 'a duplicate service id',
    file: 'duplicate-service.yaml',
    content: (c) => (c.services[4].id = c.services[1].id),
    expected: [
      'services[4].id: duplicate service id "psychiatric-certificate" (already used by services[1])',
    ],
  },
  {
    name: 'a duplicate desk label',
    file: 'duplicate-label.json',
    content: (c) => (c.desks[5].label = '1'),
    expected: ['desks[5].label: duplicate desk label "1"'],
  },
  {
    name: 'a duplicate login',
    file: 'duplicate-login.yml',
    content: (c) => (c.staff[2].login = c.staff[0].login),
    expected: ['staff[2].login: duplicate login "consultant1"'],
  },
  {
    name: 'a service in a group that does not exist',
    file: 'unknown-group.yaml',
    content: (c) => (c.services[0].group = 'passports'),
    expected: ['services[0].group: unknown service group "passports"'],
  },
  {
    name: 'a desk serving a service that does not exist',
    file: 'unknown-desk-service.json',
    content: (c) => (c.desks[2].serviceIds[1] = 'address-certificate'),
    expected: ['desks[2].serviceIds[1]: unknown service "address-certificate"'],
  },
  {
    name: 'a time zone that does not exist',
    file: 'bad-time-zone.yaml',
    content: (c) => (c.centre.timeZone = 'Asia/Astana'),
    expected: ['centre.timeZone: must be an IANA time zone such as Asia/Almaty'],
  },
  {
    name: 'a UTC offset instead of a time zone',
    file: 'offset-time-zone.yaml',
    content: (c) => (c.centre.timeZone = 'UTC+5'),
    expected: ['centre.timeZone: must be an IANA time zone'],
  },
  {
    name: 'opening hours that end before they start, and overlap',
    file: 'bad-hours.yaml',
    content: (c) => {
      c.centre.openingHours.mon = [['18:00', '09:00']]
      c.centre.openingHours.tue = [
        ['09:00', '13:00'],
        ['12:00', '18:00'],
      ]
    },
    expected: [
      'centre.openingHours.mon[0]: opening interval must end after it starts',
      'centre.openingHours.tue[1]: must start at or after 13:00',
    ],
  },
  {
    name: 'a time without its leading zero',
    file: 'bad-clock.yaml',
    content: (c) => (c.centre.openingHours.sat = [['9:00', '13:00']]),
    expected: ['centre.openingHours.sat[0][0]: must be a time HH:MM (24-hour)'],
  },
  {
    name: 'a plain password instead of a hash',
    file: 'plain-password.yaml',
    content: (c) => (c.staff[1].passwordHash = 'kezek-demo-2'),
    expected: ['staff[1].passwordHash: must be a scrypt hash from `npm run hash-password`'],
  },
  {
    name: 'a misspelt field',
    file: 'typo.yaml',
    content: (c) => {
      c.services[5].expectedMinuts = 12
    },
    expected: ['services[5].expectedMinuts: unknown field'],
  },
  {
    name: 'a missing Kazakh name',
    file: 'no-kazakh.json',
    content: (c) => delete c.serviceGroups[1].name.kk,
    expected: ['serviceGroups[1].name.kk: Invalid input: expected string, received undefined'],
  },
  {
    name: 'several problems at once, one line each',
    file: 'several.yaml',
    content: (c) => {
      c.services[1].group = 'nowhere'
      c.devices[0].keyHash = 'kezek-demo-kiosk-1'
    },
    expected: [
      'devices[0].keyHash: must be sha256$<64 hex digits>',
      '\n  services[1].group: unknown service group "nowhere"',
    ],
  },
  {
    name: 'a YAML syntax error',
    file: 'syntax.yaml',
    content: 'centre:\n  id: astana-1\n  name: [kk, ru\nservices: []\n',
    expected: ['line 4, column 1:'],
  },
  {
    name: 'a YAML key given twice',
    file: 'twice.yml',
    content: 'centre:\n  id: astana-1\n  id: astana-2\n',
    expected: ['line 3, column 3: Map keys must be unique'],
  },
  {
    name: 'a JSON syntax error',
    file: 'syntax.json',
    content: '{\n  "centre": {\n    "id": "astana-1",\n    "timeZone": \n  }\n}\n',
    expected: ["line 5, column 3: Unexpected token '}'"],
  },
  {
    name: 'a JSON trailing comma',
    file: 'comma.json',
    content: '{\n  "centre": {},\n}\n',
    expected: ['line 3, column 1: Expected double-quoted property name'],
  },
  {
    name: 'a cut-off JSON file',
    file: 'cut.json',
    content: '{\n  "centre": {\n',
    expected: ['line 3, column 1:'],
  },
  {
    name: 'an empty file',
    file: 'empty.yaml',
    content: '',
    expected: ['(top level): Invalid input: expected object'],
  },
  {
    name: 'an unknown extension',
    file: 'centre.toml',
    content: '[centre]\n',
    expected: ['unknown file type ".toml": use .json, .yaml or .yml'],
  },
]

describe('a config file that cannot be used', () => {
  it.each(badCases)('names the file and the problem: $name', ({ file, content, expected }) => {
    let text: string
    if (typeof content === 'string') {
      text = content
    } else {
      const config = demo()
      content(config)
      text = file.endsWith('.json') ? JSON.stringify(config, null, 2) : stringify(config)
    }
    const message = failure(write(file, text))
    expect(message).toContain(join(folder, file))
    for (const line of expected) expect(message).toContain(line)
  })

  it('says so when the file is missing', () => {
    const file = join(folder, 'missing.yaml')
    expect(failure(file)).toMatch(new RegExp(`${escapeRegExp(file)}.*\\n  file not found$`))
  })

  it('says so when the file is a folder', () => {
    const file = join(folder, 'folder.yaml')
    mkdirSync(file)
    expect(failure(file)).toContain(`${file} cannot be used:\n  this is a folder, not a file`)
  })

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'says so when the file is unreadable',
    () => {
      const file = write('locked.yaml', 'centre: {}\n')
      chmodSync(file, 0o000)
      expect(failure(file)).toContain('permission denied')
    },
  )

  it('lists the problems after the file name, one per line, and keeps them on the error', () => {
    const config = demo()
    config.services[0].prefix = '1'
    config.desks[0].serviceIds = []
    const file = write('two-problems.yaml', stringify(config))
    try {
      loadCentreConfig(file)
      expect.unreachable()
    } catch (error) {
      const configError = error as ConfigError
      expect(configError.file).toBe(file)
      expect(configError.problems).toEqual([
        'services[0].prefix: must be one or two capital letters',
        'desks[0].serviceIds: a desk must serve at least one service',
      ])
      expect(configError.message.split('\n')).toEqual([
        `Centre config ${file} cannot be used:`,
        '  services[0].prefix: must be one or two capital letters',
        '  desks[0].serviceIds: a desk must serve at least one service',
      ])
    }
  })

  it('reads a file that starts with a byte order mark', () => {
    const file = write('bom.json', '\uFEFF' + JSON.stringify(demo()))
    expect(loadCentreConfig(file).centre.id).toBe('astana-1')
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
