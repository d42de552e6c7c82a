import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('has defaults that run the app with nothing set', () => {
    expect(parseConfig({})).toMatchObject({ port: 8787, dataDir: './data', publicBaseUrl: 'http://localhost:8787', seedSamples: true });
  });

  it('fails naming every bad field at once', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', PUBLIC_BASE_URL: 'not a url', SECRET: 'short', SEED_SAMPLES: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(fields.sort()).toEqual(['PORT', 'PUBLIC_BASE_URL', 'SECRET', 'SEED_SAMPLES']);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', DATA_DIR: '/srv/yijian' })).toMatchObject({ port: 8787, dataDir: '/srv/yijian' });
  });
});
