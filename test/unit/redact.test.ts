import { describe, expect, it } from 'vitest';
import { redactPersonalData } from '../../src/privacy/redact.js';

describe('personal data removed before storing free text', () => {
  it.each([
    ['my email is jo.smith+trial@acme-example.co.uk', 'my email is [email]'],
    ['card 4242 4242 4242 4242 exp 12/28', 'card [card] exp 12/28'],
    ['card 4111-1111-1111-1111', 'card [card]'],
    ['call me on +1 (415) 555-0134 after 3', 'call me on [phone] after 3'],
    ['my cell is 020 7946 0958', 'my cell is [phone]'],
    ['mobile 415.555.0134', 'mobile [phone]'],
    ['appelez le +33 1 23 45 67 89', 'appelez le [phone]'],
    ['we are at 221B Baker Street, London', 'we are at [address], London'],
    ['ship to 1600 Amphitheatre Pkwy, Suite 200 please', 'ship to [address] please'],
    ['send it to PO Box 4471', 'send it to [address]'],
  ])('%s', (input, expected) => {
    expect(redactPersonalData(input)).toBe(expected);
  });

  it.each([
    'We have 25 sales reps and send about 1,000 documents a month',
    'Can we meet on 2026-11-27 at 3:30 pm?',
    'We grew 40% last year, team of 120',
    'Does it work with HubSpot and Salesforce?',
  ])('leaves ordinary text alone: %s', (input) => {
    expect(redactPersonalData(input)).toBe(input);
  });

  it('never calls a number that fails the card check a card (a long one is still masked, to be safe)', () => {
    const redacted = redactPersonalData('Order 1234567890123 is not a card number');
    expect(redacted).not.toContain('[card]');
    expect(redacted).not.toContain('1234567890123');
  });
});
