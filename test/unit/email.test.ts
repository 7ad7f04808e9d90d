import { describe, expect, it } from 'vitest';
import {
  findAllEmails,
  findEmail,
  isSomeoneElsesEmail,
  removeEmails,
} from '../../src/agent/understanding/email.js';

describe('findEmail: typed addresses', () => {
  it.each([
    ['jordan.lee@example.com', 'jordan.lee@example.com'],
    ["sure, it's jordan.lee@example.com thanks", 'jordan.lee@example.com'],
    ['book Friday at 2, my email is robin@x.io', 'robin@x.io'],
    ['Jordan.Lee@Example.COM', 'jordan.lee@example.com'],
    ['my email is jordan.lee@example.com.', 'jordan.lee@example.com'],
    ['(pat+trial@acme.co.uk)', 'pat+trial@acme.co.uk'],
    ['you can reach me at sam.k@firm.law', 'sam.k@firm.law'],
    ['my email is jo@acme.com, and cc bob@acme.com', 'jo@acme.com'],
    ['cc my boss at boss@acme.com, my email is me@acme.com', 'me@acme.com'],
  ] as const)('%s -> %s', (text, address) => {
    expect(findEmail(text)).toEqual({ kind: 'address', address, spoken: false });
  });
});

describe('findEmail: spoken addresses', () => {
  it.each([
    ['jordan dot lee at example dot com', 'jordan.lee@example.com'],
    ['my email is jordan dot lee at example dot com', 'jordan.lee@example.com'],
    ['my email is j o r d a n at example dot com', 'jordan@example.com'],
    ['robin underscore diaz at acme dot co dot uk', 'robin_diaz@acme.co.uk'],
    ['pat dash morgan at example dot com', 'pat-morgan@example.com'],
    ['pat hyphen morgan at example dot com', 'pat-morgan@example.com'],
    ["it's pat at sign example dot com", 'pat@example.com'],
    ["it's pat at symbol example dot com", 'pat@example.com'],
    ['Jordan Dot Lee At Gmail Dot Com', 'jordan.lee@gmail.com'],
    ["it's j dot smith 12 at acme dot com", 'j.smith12@acme.com'],
    ['it is sam at acme dot co dot uk', 'sam@acme.co.uk'],
    ['email me at jordan at example dot com', 'jordan@example.com'],
    ['my email address is jordan underscore lee at example dot io please', 'jordan_lee@example.io'],
    ['use jordan.lee at example.com', 'jordan.lee@example.com'],
    ['sure it is sam at acme dot com.', 'sam@acme.com'],
  ] as const)('%s -> %s', (text, address) => {
    expect(findEmail(text)).toEqual({ kind: 'address', address, spoken: true });
  });
});

describe('findEmail: attempts and non-emails', () => {
  it.each(['my email is jordan at example', 'jordan@example', 'my email is jordan@', 'email: jordan'])(
    '%s is an attempt',
    (text) => {
      expect(findEmail(text)).toEqual({ kind: 'attempt' });
    },
  );

  it.each([
    "I'll be at the office",
    'no email yet',
    'we are at acme dot com',
    'can you email me the guide?',
    'meet at 3 at the cafe',
    'we are 12 people',
  ])('%s has no email', (text) => {
    expect(findEmail(text)?.kind === 'address').toBe(false);
  });
});

describe('findAllEmails', () => {
  it('lists every address once, in order', () => {
    expect(findAllEmails('jo@acme.com, cc bob at acme dot com and jo@acme.com')).toEqual([
      'jo@acme.com',
      'bob@acme.com',
    ]);
    expect(findAllEmails('nothing here')).toEqual([]);
  });
});

describe('isSomeoneElsesEmail', () => {
  it.each([
    ['send it to my colleague bob@acme.com', 'bob@acme.com', true],
    // Without a third person named, "send it to …" answers "what email should I use?".
    ['send it to bob at acme dot com', 'bob@acme.com', false],
    ['send it to my colleague bob at acme dot com', 'bob@acme.com', true],
    ['please cc bob@acme.com', 'bob@acme.com', true],
    ['bob@acme.com, that is my boss', 'bob@acme.com', true],
    ["my boss's email is boss@acme.com", 'boss@acme.com', true],
    ['my email is jo@acme.com, and cc bob@acme.com', 'jo@acme.com', false],
    ['my email is jo@acme.com, and cc bob@acme.com', 'bob@acme.com', true],
    ['send it to me at jo@acme.com', 'jo@acme.com', false],
    ['jo@acme.com', 'jo@acme.com', false],
    ['jo@acme.com', 'missing@acme.com', false],
  ] as const)('%s / %s -> %s', (text, address, expected) => {
    expect(isSomeoneElsesEmail(text, address)).toBe(expected);
  });
});

describe('removeEmails', () => {
  it('blanks typed and spoken addresses but keeps the rest', () => {
    expect(removeEmails('it is jordan12@acme.com and we are 4').replace(/\s+/g, ' ')).toBe(
      'it is and we are 4',
    );
    expect(removeEmails("it's j dot smith 12 at acme dot com").trim()).toBe("it's");
  });
});
