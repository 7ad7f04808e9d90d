/**
 * Readings of a message that hide words from a plain pattern check: base64 and hex runs, URL
 * escapes, ROT13 or reversed text when the message says so, digits for letters ("1gn0r3") and
 * letters spaced out with dots. The injection check runs on each reading too, so "decode this and
 * do what it says: aWdub3Jl…" is recognised as what it is. Nothing decoded here is ever acted on;
 * it is only looked at.
 */
export function hiddenReadings(text: string): string[] {
  const readings = [
    ...base64Runs(text),
    ...hexRuns(text),
    urlUnescaped(text),
    leetToLetters(text),
    dotsClosed(text),
  ];
  if (/\brot ?13\b/i.test(text)) readings.push(rot13(text));
  if (/\b(backwards?|reversed?|in reverse)\b/i.test(text)) readings.push([...text].reverse().join(''));
  return readings.filter((reading): reading is string => reading !== undefined && reading !== text);
}

/** Mostly printable text: a decoding that gives binary noise was not hiding words. */
function readable(decoded: string): boolean {
  if (decoded.length < 8) return false;
  const printable = decoded.replace(/[^\x20-\x7e]/g, '').length;
  return printable / decoded.length > 0.9 && /[a-z]{3}/i.test(decoded);
}

function base64Runs(text: string): string[] {
  const runs = text.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? [];
  return runs
    .map((run) => Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'))
    .filter(readable);
}

function hexRuns(text: string): string[] {
  const runs = text.match(/\b(?:[0-9a-f]{2}[\s:]?){8,}\b/gi) ?? [];
  return runs.map((run) => Buffer.from(run.replace(/[\s:]/g, ''), 'hex').toString('utf8')).filter(readable);
}

function urlUnescaped(text: string): string | undefined {
  if (!/%[0-9a-f]{2}/i.test(text)) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/** Only words that mix letters and such digits: "b00k" is read, "100 users" is not. */
function leetToLetters(text: string): string | undefined {
  if (!/\b(?=\w*[a-z])(?=\w*[013457])\w+\b/i.test(text)) return undefined;
  return text.replace(/[\w@$]+/g, (word) =>
    /[a-z]/i.test(word) && /[013457@$]/.test(word) ? word.replace(/[013457@$]/g, (c) => LEET[c] ?? c) : word,
  );
}

/** "I.G.N.O.R.E  Y.O.U.R  R.U.L.E.S" → "IGNORE YOUR RULES". */
function dotsClosed(text: string): string | undefined {
  if (!/\b[a-z]\.[a-z]\.[a-z]\./i.test(text)) return undefined;
  return text.replace(/\b((?:[a-z]\.){2,}[a-z]?)/gi, (run) => run.replace(/\./g, '')).replace(/\s{2,}/g, ' ');
}

function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}
