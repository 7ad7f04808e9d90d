import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/agent/understanding/amounts.js';

describe('parseNumber', () => {
  it.each([
    ['40', 40],
    ['1,200', 1200],
    ['2k', 2000],
    ['1.5k', 1500],
    [' 12 ', 12],
    ['twelve', 12],
    ['Twelve', 12],
    ['twenty five', 25],
    ['twenty-five', 25],
    ['two hundred and fifty', 250],
    ['three thousand', 3000],
    ['a hundred', 100],
    ['zero', 0],
  ] as const)('%s -> %d', (raw, expected) => {
    expect(parseNumber(raw)).toBe(expected);
  });

  // BUG: "a" counts as 1 and is then added to "dozen"/"couple", giving 13 and 3.
  it('"a dozen" is 12', () => {
    expect(parseNumber('a dozen')).toBe(12);
  });

  it('"a couple" is 2', () => {
    expect(parseNumber('a couple')).toBe(2);
  });

  it.each(['banana', 'a', 'an', '', 'and', 'twelve bananas', '12 people'])('%s is not a number', (raw) => {
    expect(parseNumber(raw)).toBeUndefined();
  });
});
