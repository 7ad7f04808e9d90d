import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS, dropPiiKeys, pseudonymize, scrubPii } from '../../src/observability/logger.js';

describe('scrubPii', () => {
  it('masks email addresses', () => {
    expect(scrubPii('send failed for jordan.lee+trial@example.co.uk today')).toBe(
      'send failed for [email] today',
    );
  });

  it('masks phone numbers in common formats', () => {
    expect(scrubPii('call +1 (415) 555-0134 back')).toBe('call [phone] back');
    expect(scrubPii('call 415-555-0134')).toBe('call [phone]');
    expect(scrubPii('ring +44 20 7946 0958')).toBe('ring [phone]');
  });

  it('masks both in one message and leaves other text alone', () => {
    const out = scrubPii('Booking for jordan@example.com (phone 415.555.0134) was refused');
    expect(out).toBe('Booking for [email] (phone [phone]) was refused');
    expect(out).not.toContain('jordan');
    expect(out).not.toContain('0134');
  });

  it('leaves IPv4 and IPv6 addresses readable, with or without a port', () => {
    for (const text of [
      'connect ECONNREFUSED 10.0.0.12:5432',
      'from 192.168.1.20 and 203.0.113.255',
      'peer ::ffff:192.168.1.20 port 443',
      'host 2001:db8:85a3::8a2e:370:7334 and [fe80::1]:8080',
      'getaddrinfo 2001:0db8:0000:0000:0000:ff00:0042:8329 failed',
      'the socket at 10.0.0.5. Then it closed',
    ])
      expect(scrubPii(text)).toBe(text);
  });

  it('still masks phone numbers written with dots, next to an address or not', () => {
    expect(scrubPii('call 01.23.45.67.89 today')).toBe('call [phone] today');
    expect(scrubPii('call +33 1 23 45 67 89')).toBe('call [phone]');
    expect(scrubPii('dial 1.800.555.1212')).toBe('dial [phone]');
    expect(scrubPii('phone 020 7946 0958 from 172.16.0.1:443')).toBe('phone [phone] from 172.16.0.1:443');
    expect(scrubPii('jo@example.com on 415.555.0134 via 10.1.2.3')).toBe('[email] on [phone] via 10.1.2.3');
  });

  it('leaves short numbers alone', () => {
    expect(scrubPii('We send 40 proposals a month to 12 clients')).toBe(
      'We send 40 proposals a month to 12 clients',
    );
  });
});

describe('pseudonymize', () => {
  it('is stable and ignores case and surrounding space', () => {
    const a = pseudonymize('Jordan.Lee@Example.com', 'salt');
    expect(pseudonymize('jordan.lee@example.com', 'salt')).toBe(a);
    expect(pseudonymize('  jordan.lee@example.com ', 'salt')).toBe(a);
  });

  it('is a short hex digest that does not contain the input', () => {
    const value = 'jordan';
    const out = pseudonymize(value, 'salt');
    expect(out).toMatch(/^[0-9a-f]{16}$/);
    expect(out).not.toContain(value);
  });

  it('differs for different values and different salts', () => {
    expect(pseudonymize('a@example.com', 'salt')).not.toBe(pseudonymize('b@example.com', 'salt'));
    expect(pseudonymize('a@example.com', 'salt-1')).not.toBe(pseudonymize('a@example.com', 'salt-2'));
  });
});

describe('dropPiiKeys', () => {
  it('removes lk.pii.* keys and keeps the rest', () => {
    const out = dropPiiKeys({
      'lk.pii.user_input': 'hello',
      'lk.pii.anything': 1,
      event: 'turn',
      'lk.room': 'r1',
    });
    expect(out).toEqual({ event: 'turn', 'lk.room': 'r1' });
  });

  it('returns the same object when there is nothing to drop', () => {
    const input = { event: 'turn', count: 2 };
    expect(dropPiiKeys(input)).toBe(input);
  });
});

describe('pino with the project redaction settings', () => {
  function collectingLogger(): { logger: pino.Logger; lines: string[] } {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const logger = pino(
      { redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, formatters: { log: dropPiiKeys } },
      stream,
    );
    return { logger, lines };
  }

  it('redacts email and text fields, nested ones too, and drops lk.pii keys', () => {
    const { logger, lines } = collectingLogger();
    logger.info(
      {
        event: 'booking_created',
        email: 'jordan.lee@example.com',
        text: 'my phone is 415 555 0134',
        booking: { attendeeEmail: 'sam@example.org', repId: 'rep-7' },
        'lk.pii.user_input': 'I am Jordan and I hate my job',
        apiKey: 'sk-live-abcdef',
      },
      'booked',
    );
    const output = lines.join('');
    expect(lines).toHaveLength(1);
    expect(output).not.toContain('jordan.lee@example.com');
    expect(output).not.toContain('415 555 0134');
    expect(output).not.toContain('sam@example.org');
    expect(output).not.toContain('I am Jordan');
    expect(output).not.toContain('lk.pii.user_input');
    expect(output).not.toContain('sk-live-abcdef');

    const record = JSON.parse(output) as Record<string, unknown>;
    expect(record.event).toBe('booking_created');
    expect(record.msg).toBe('booked');
    expect(record.email).toBe('[redacted]');
    expect(record.text).toBe('[redacted]');
    expect(record.booking).toEqual({ attendeeEmail: '[redacted]', repId: 'rep-7' });
  });

  it('redacts the lk.pii paths in child loggers too', () => {
    const { logger, lines } = collectingLogger();
    logger.child({ component: 'livekit' }).warn({ 'lk.pii.text': 'secret words', turn: 3 }, 'turn');
    const output = lines.join('');
    expect(output).not.toContain('secret words');
    expect(JSON.parse(output)).toMatchObject({ component: 'livekit', turn: 3 });
  });
});
