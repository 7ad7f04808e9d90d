import { describe, expect, it } from 'vitest';
import { parseAmount, scaleAmount } from '../../src/agent/understanding/amounts.js';

const INF = Number.POSITIVE_INFINITY;

describe('parseAmount: exact numbers', () => {
  it.each([
    ['12', 12],
    ['1,200', 1200],
    ['2k', 2000],
    ['2.5k', 2500],
    ['1.5 million', 1_500_000],
    ['twelve', 12],
    ['twenty-five', 25],
    ['twenty five', 25],
    ['two hundred and fifty', 250],
    ['a hundred', 100],
    ['three thousand five hundred', 3500],
    ['twelve hundred', 1200],
    ['a dozen', 12],
    ['two dozen', 24],
    ['one', 1],
  ] as const)('%s -> %d', (phrase, value) => {
    expect(parseAmount(phrase)).toEqual({ value, min: value, max: value, approximate: false });
  });
});

describe('parseAmount: vague and approximate amounts', () => {
  it.each([
    ['a couple', 2, 2, 3],
    ['a few', 3, 2, 4],
    ['several', 5, 3, 7],
    ['a handful', 5, 3, 7],
    ['a few hundred', 300, 200, 500],
    ['a couple hundred', 200, 200, 300],
    ['a few dozen', 36, 24, 60],
    ['hundreds', 300, 200, 900],
    ['dozens', 36, 24, 108],
    ['tens of thousands', 30_000, 20_000, 90_000],
    ['15ish', 15, 15, 15],
    ['15-ish', 15, 15, 15],
    ['about 15', 15, 15, 15],
    ['around 40', 40, 40, 40],
    ['roughly 30', 30, 30, 30],
    ['maybe 20', 20, 20, 20],
    ['~20', 20, 20, 20],
    ['40 or so', 40, 40, 40],
    ['40-odd', 40, 40, 40],
    ['like twelve', 12, 12, 12],
  ] as const)('%s -> %d (%d to %d)', (phrase, value, min, max) => {
    expect(parseAmount(phrase)).toEqual({ value, min, max, approximate: true });
  });
});

describe('parseAmount: bounds and ranges', () => {
  it.each([
    ['20+', 20, 20, INF],
    ['20 plus', 20, 20, INF],
    ['over 50', 50, 50, INF],
    ['more than 10', 10, 10, INF],
    ['at least 8', 8, 8, INF],
    ['10 or more', 10, 10, INF],
    ['under 10', 5, 1, 9],
    ['less than 5', 3, 1, 4],
    ['up to 20', 20, 1, 20],
    ['between 4 and 8', 6, 4, 8],
    ['between four and eight', 6, 4, 8],
    ['4-8', 6, 4, 8],
    ['4 to 8', 6, 4, 8],
    ['from 4 to 8', 6, 4, 8],
    ['4 or 5', 5, 4, 5],
    ['two or three', 3, 2, 3],
    ['10 to 15k', 12_500, 10_000, 15_000],
    ['anywhere from 100 to 200', 150, 100, 200],
  ] as const)('%s -> %d (%d to %d)', (phrase, value, min, max) => {
    expect(parseAmount(phrase)).toEqual({ value, min, max, approximate: true });
  });

  it('never adds the two ends of a range together', () => {
    expect(parseAmount('between four and eight')?.value).not.toBe(12);
    expect(parseAmount('four and eight')?.value).toBe(4);
  });

  it('does not read a descending pair as a range', () => {
    expect(parseAmount('8 to 4')).toEqual({ value: 8, min: 8, max: 8, approximate: false });
  });

  it('finds the amount inside a short answer', () => {
    expect(parseAmount('around 12 I think')?.value).toBe(12);
  });
});

describe('parseAmount: not a number', () => {
  it.each(['', 'nothing here', 'a', 'an apple', 'some people', 'and', 'many'])(
    '%j -> undefined',
    (phrase) => {
      expect(parseAmount(phrase)).toBeUndefined();
    },
  );
});

describe('scaleAmount', () => {
  it('scales every part and keeps open bounds open', () => {
    expect(scaleAmount({ value: 10, min: 8, max: 12, approximate: true }, 52 / 12)).toEqual({
      value: 43,
      min: 35,
      max: 52,
      approximate: true,
    });
    expect(scaleAmount({ value: 120, min: 120, max: INF, approximate: true }, 1 / 12).max).toBe(INF);
  });
});
