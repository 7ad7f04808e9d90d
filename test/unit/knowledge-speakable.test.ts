import { describe, expect, it } from 'vitest';
import { plainText, spokenAnswer } from '../../src/services/knowledge/speakable.js';
import { parseRetryAfter } from '../../src/services/knowledge/unleash_errors.js';
import { unleashHostProblem } from '../../src/services/knowledge/unleash_host.js';

describe('plainText', () => {
  it.each([
    ['<p>Click <strong>Send</strong> &amp; you&#39;re done.</p>', "Click Send & you're done."],
    [
      'Use **bold** and `code` and _emphasis_ in [the editor](https://x.test/e).',
      'Use bold and code and emphasis in the editor.',
    ],
    ['## Set up\n- Open settings\n- Pick HubSpot', 'Set up. Open settings. Pick HubSpot'],
    ['See https://support.pandadoc.com/x for more.', 'See for more.'],
    ['<ul><li>First step</li><li>Second step</li></ul>', 'First step. Second step'],
    ['snake_case_names stay', 'snake_case_names stay'],
  ])('%s', (raw, expected) => {
    expect(plainText(raw)).toBe(expected);
  });
});

describe('spokenAnswer', () => {
  it('keeps one or two whole sentences and gives the rest as detail', () => {
    const result = spokenAnswer('One thing to know. Second thing here. A third one. And a fourth.');
    expect(result).toEqual({
      answer: 'One thing to know. Second thing here.',
      rest: 'A third one. And a fourth.',
    });
  });

  it('drops the broken ends of a snippet cut mid-sentence', () => {
    expect(
      spokenAnswer('...and then the template. Add a pricing table from the panel. Each row has its').answer,
    ).toBe('Add a pricing table from the panel.');
  });

  it('stops before a second sentence that would make the answer too long', () => {
    const first = `Word ${'word '.repeat(29).trim()}.`;
    expect(spokenAnswer(`${first} More ${'more '.repeat(29).trim()}.`).answer).toBe(first);
  });

  it('cuts a very long first sentence at a clause boundary', () => {
    const sentence = `When you open the template editor for the first time, ${'keep reading this very long sentence '.repeat(8)}to the end.`;
    const { answer } = spokenAnswer(sentence, { maxWords: 20 });
    expect(answer).toBe('When you open the template editor for the first time.');
  });

  it('ends with punctuation, and says nothing for an empty snippet', () => {
    expect(spokenAnswer('Go to Settings then Integrations').answer).toBe('Go to Settings then Integrations.');
    expect(spokenAnswer('  <p></p> ').answer).toBe('');
  });

  it('does not split on e.g. or version numbers', () => {
    expect(
      spokenAnswer('Use a tool, e.g. Zapier, to connect v2.1 apps. Then test it. Then ship.').answer,
    ).toBe('Use a tool, e.g. Zapier, to connect v2.1 apps. Then test it.');
  });
});

describe('Unleash helpers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('flags hosts that will answer 404', () => {
    expect(unleashHostProblem('https://e-api.unleash.so')).toBeUndefined();
    expect(unleashHostProblem('https://app.acme.unleash.so/e-api')).toBeUndefined();
    expect(unleashHostProblem('http://127.0.0.1:4010')).toBeUndefined();
    expect(unleashHostProblem('https://unleash.so')).toMatch(/does not start with "e-api\."/);
  });
});
