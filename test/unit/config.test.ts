import { describe, expect, it } from 'vitest';
import { ConfigError, formatParts, loadConfig } from '../../src/config.js';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig defaults', () => {
  const config = loadConfig({});

  it('uses the documented defaults', () => {
    expect(config.env.PORT).toBe(3000);
    expect(config.env.NODE_ENV).toBe('development');
    expect(config.env.DEFAULT_TIME_ZONE).toBe('America/New_York');
    expect(config.env.MEETING_MINUTES).toBe(30);
    expect(config.env.BOOKING_HORIZON_DAYS).toBe(14);
    expect(config.thresholds).toEqual({
      minTeamSize: 5,
      minMonthlyVolume: 100,
      salesIntegrations: ['salesforce', 'hubspot', 'api'],
    });
  });

  it('runs every part embedded or off, with no voice and the offline brain', () => {
    expect(config.llm.mode).toBe('offline');
    expect(config.livekit).toBeUndefined();
    const modes = Object.fromEntries(config.parts.map((p) => [p.part, p.mode]));
    expect(modes).toEqual({
      llm: 'embedded',
      store: 'embedded',
      voice: 'off',
      knowledge: 'embedded',
      calendar: 'embedded',
      analytics: 'embedded',
      email: 'embedded',
      handoff: 'off',
    });
  });

  it('treats empty strings for secrets as unset', () => {
    const c = loadConfig({ OPENAI_API_KEY: '  ', DATABASE_URL: '', LIVEKIT_URL: '' });
    expect(c.llm.mode).toBe('offline');
    expect(c.parts.find((p) => p.part === 'store')?.mode).toBe('embedded');
    expect(c.livekit).toBeUndefined();
  });
});

describe('loadConfig validation', () => {
  it('rejects a non-numeric PORT and names it', () => {
    const error = configError({ PORT: 'abc' });
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('PORT');
    expect(error.problems.some((p) => p.startsWith('PORT'))).toBe(true);
  });

  it('rejects an out-of-range PORT', () => {
    expect(configError({ PORT: '70000' }).message).toContain('PORT');
  });

  it('accepts a numeric PORT string', () => {
    expect(loadConfig({ PORT: '8080' }).env.PORT).toBe(8080);
  });

  it('rejects an unknown DEFAULT_TIME_ZONE and names it', () => {
    const error = configError({ DEFAULT_TIME_ZONE: 'Mars/Olympus_Mons' });
    expect(error.message).toContain('DEFAULT_TIME_ZONE');
    expect(error.message).toMatch(/IANA/);
  });

  it('accepts a valid DEFAULT_TIME_ZONE', () => {
    expect(loadConfig({ DEFAULT_TIME_ZONE: 'Europe/London' }).env.DEFAULT_TIME_ZONE).toBe('Europe/London');
  });

  it('rejects a non-PostgreSQL DATABASE_URL', () => {
    const error = configError({ DATABASE_URL: 'mysql://x' });
    expect(error.message).toContain('DATABASE_URL');
  });

  it('accepts a PostgreSQL DATABASE_URL and reports the store as production', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://user:pw@localhost:5432/sarah' });
    expect(c.parts.find((p) => p.part === 'store')?.mode).toBe('production');
  });

  it.each([
    { LIVEKIT_URL: 'wss://example.livekit.cloud' },
    { LIVEKIT_API_KEY: 'key' },
    { LIVEKIT_URL: 'wss://example.livekit.cloud', LIVEKIT_API_SECRET: 'secret' },
  ])('rejects a partial LiveKit setup %o', (env) => {
    const error = configError(env);
    expect(error.message).toContain('LIVEKIT');
  });

  it('accepts a full LiveKit setup and turns voice on', () => {
    const c = loadConfig({
      LIVEKIT_URL: 'wss://example.livekit.cloud',
      LIVEKIT_API_KEY: 'k',
      LIVEKIT_API_SECRET: 's',
    });
    expect(c.livekit).toEqual({ url: 'wss://example.livekit.cloud', apiKey: 'k', apiSecret: 's' });
    expect(c.parts.find((p) => p.part === 'voice')?.mode).toBe('production');
  });

  it('lists every bad variable at once', () => {
    const error = configError({
      PORT: 'abc',
      DEFAULT_TIME_ZONE: 'Nowhere/Special',
      DATABASE_URL: 'mysql://x',
    });
    expect(error.problems).toHaveLength(3);
  });
});

describe('OpenAI key', () => {
  const key = 'sk-test-THIS-IS-A-SECRET-1234567890';
  const config = loadConfig({ OPENAI_API_KEY: key });

  it('switches the llm part to production', () => {
    expect(config.llm.mode).toBe('openai');
    expect(config.parts.find((p) => p.part === 'llm')?.mode).toBe('production');
  });

  it('never prints the key in the parts summary', () => {
    const text = formatParts(config.parts);
    expect(text).toContain('llm');
    expect(text).toContain('production');
    expect(text).not.toContain(key);
  });

  it('never prints LiveKit secrets either', () => {
    const c = loadConfig({
      OPENAI_API_KEY: key,
      LIVEKIT_URL: 'wss://example.livekit.cloud',
      LIVEKIT_API_KEY: 'lk-api-key-value',
      LIVEKIT_API_SECRET: 'lk-secret-value',
      DEEPGRAM_API_KEY: 'dg-secret-value',
      ELEVENLABS_API_KEY: 'el-secret-value',
    });
    const text = formatParts(c.parts);
    for (const secret of [key, 'lk-api-key-value', 'lk-secret-value', 'dg-secret-value', 'el-secret-value']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('Deepgram');
    expect(text).toContain('elevenlabs');
  });
});

describe('formatParts', () => {
  it('prints one line per part', () => {
    const config = loadConfig({});
    const lines = formatParts(config.parts).split('\n');
    expect(lines).toHaveLength(config.parts.length);
    expect(lines[0]).toMatch(/^\s+llm\s+embedded\s+/);
  });
});

describe('QUALIFY_* variables', () => {
  it('parses the integration list: trimmed, lowercase, empty entries dropped', () => {
    const c = loadConfig({ QUALIFY_SALES_INTEGRATIONS: ' Salesforce, ,Pipedrive,API ,' });
    expect(c.thresholds.salesIntegrations).toEqual(['salesforce', 'pipedrive', 'api']);
  });

  it('reads numeric thresholds', () => {
    const c = loadConfig({ QUALIFY_MIN_TEAM_SIZE: '10', QUALIFY_MIN_MONTHLY_DOCS: '250' });
    expect(c.thresholds.minTeamSize).toBe(10);
    expect(c.thresholds.minMonthlyVolume).toBe(250);
  });

  it('rejects a zero team size threshold', () => {
    expect(configError({ QUALIFY_MIN_TEAM_SIZE: '0' }).message).toContain('QUALIFY_MIN_TEAM_SIZE');
  });
});
