import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config.js';

describe('.env.example', () => {
  const lines = readFileSync('.env.example', 'utf8').split('\n');
  const documented = lines.filter((l) => /^[A-Z0-9_]+=/.test(l)).map((l) => l.split('=')[0]!);

  it('lists exactly the variables the config schema reads', () => {
    expect([...documented].sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('gives every variable a one-line meaning just above it', () => {
    for (const name of documented) {
      const index = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect(lines[index - 1], name).toMatch(/^# \S/);
    }
  });

  it('parses as a valid configuration when copied as is', () => {
    const env = Object.fromEntries(
      lines.filter((l) => /^[A-Z0-9_]+=/.test(l)).map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)]),
    );
    expect(envSchema.safeParse(env).success).toBe(true);
  });
});
