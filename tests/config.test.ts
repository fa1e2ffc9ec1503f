// The configuration a deployer sees: every variable documented, bad values refused clearly.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/app/config.ts';
import { PROJECT_ROOT } from '../src/app/paths.ts';

describe('configuration', () => {
  it('documents every variable in .env.example', () => {
    const example = readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8');
    expect(CONFIG_VARIABLES).toContain('WEB_PORT');
    for (const name of CONFIG_VARIABLES) expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it('serves the web on 127.0.0.1:8080 by default, and refuses a port that is not one, in Vietnamese', () => {
    const config = loadConfig({});
    expect([config.WEB_HOST, config.WEB_PORT, config.TRUST_PROXY, config.WEB_EMBED_ORIGINS]).toEqual(['127.0.0.1', 8080, false, '*']);
    expect(loadConfig({ WEB_PORT: '0', TRUST_PROXY: '10.0.0.1' })).toMatchObject({ WEB_PORT: 0, TRUST_PROXY: '10.0.0.1' });
    expect(() => loadConfig({ WEB_PORT: 'tám nghìn' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEB_SESSION_SECRET: 'ngắn' })).toThrow(/ít nhất 32 ký tự/);
  });
});
