/**
 * Personal data removed from free text before it is stored (transcripts, feedback comments): card
 * numbers, phone numbers, street addresses and email addresses. Emails are kept only where a row
 * needs them to work (a booking's attendee, an email's recipient), never in free text.
 *
 * Our own patterns, because what counts as personal data here is narrow and specific to what a
 * trialist says in a sales chat; a general NER library would be far heavier and still miss cards.
 */

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** 13 to 19 digits, in groups separated by spaces or dashes (checked with Luhn before masking). */
const CARD_CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;
/** An international or local phone number: 7+ digits in groups (French "1 23 45 67 89" included). */
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{1,4}){2,5}\b/g;
/** "221B Baker Street", "1600 Amphitheatre Pkwy, Suite 5": a number, a few words, a street type. */
const STREET =
  /\b\d{1,5}[a-z]?\s+(?:[a-z0-9.'-]+\s+){0,4}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|parkway|pkwy|highway|hwy|square|sq|crescent|close|mews)\b\.?(?:,?\s*(?:apt|apartment|suite|ste|unit|floor|fl)\.?\s*#?\w+)?/gi;
const PO_BOX = /\bp\.?\s?o\.?\s+box\s+\d+\b/gi;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function redactPersonalData(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD_CANDIDATE, (match) => (luhnValid(match) ? '[card]' : match))
    .replace(STREET, '[address]')
    .replace(PO_BOX, '[address]')
    .replace(PHONE, (match) => (looksLikePhone(match) ? '[phone]' : match));
}

/** The check digit every payment card number carries; it keeps order numbers and counts readable. */
function luhnValid(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Seven or more digits, and not a date or a plain number with thousands separators ("1,000"). */
function looksLikePhone(match: string): boolean {
  if (ISO_DATE.test(match.trim())) return false;
  return match.replace(/\D/g, '').length >= 7;
}
