import { loadCentreConfig, DEFAULT_CONFIG_PATH } from './src-main/hub/config-file'
for (const f of ['/tmp/cf/a.yaml', '/tmp/cf/b.yml', '/tmp/cf/c.json', '/tmp/cf/d.yaml', '/tmp/cf/e.yaml', '/tmp/cf/none.yaml', '/tmp/cf/x.toml', '/tmp/cf', DEFAULT_CONFIG_PATH]) {
  try { const c = loadCentreConfig(f); console.log('OK', f, c.services.length, c.policy) } catch (e) { console.log(String((e as Error).message)) }
}
