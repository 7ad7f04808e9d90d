import { describe, expect, it } from 'vitest';
import { correctTypos } from '../../src/agent/understanding/typos.js';

describe('typo and shorthand fixes before the rules read a message', () => {
  it.each([
    ['can i shedule a cal with ur sales ppl', 'can i schedule a call with your sales people'],
    ['hw do i add a templete', 'how do i add a template'],
    ['were about twenty people', "we're about twenty people"],
    ['so were a team of 5', "so we're a team of 5"],
    ['im not sure, dont know', "i'm not sure, don't know"],
    ['my calender is full on tusday', 'my calendar is full on tuesday'],
  ])('%s', (typed, read) => {
    expect(correctTypos(typed)).toBe(read);
  });

  it.each([
    // Other forms of a known word are not typos of it.
    'is that confirmed',
    'we have 200 contractors',
    'two meetings',
    // Questions that start with "were" stay questions.
    'Were you able to book it?',
    'were there any issues',
    // Addresses, links and numbers are left alone.
    'w.smith@acme.com',
    'see docs.example.com/pricing',
    'we send 40 proposals',
  ])('leaves "%s" as it is', (text) => {
    expect(correctTypos(text)).toBe(text);
  });
});
