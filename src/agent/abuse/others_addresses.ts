import { findAllEmails, isSomeoneElsesEmail } from '../understanding/email.js';

/**
 * Every address in a user message that the NLU reads as someone else's ("my colleague
 * bob@acme.com", "cc her at …"). The turn's own understanding keeps only one address, the
 * user's; these are remembered separately so no tool can later send to them, whichever model
 * asks.
 */
export function addressesOfOthers(text: string): string[] {
  return findAllEmails(text).filter((address) => isSomeoneElsesEmail(text, address));
}

/**
 * Whether `address` is the one the user gave as their own: the address the dialogue state holds
 * (set only from the user's own words, never from an injection, or from a signed-in profile), and
 * not one they introduced as someone else's. Tools check it whatever address a model passes, so
 * a model that obeys injected text still cannot book for, or email, a stranger.
 */
export function isUsersOwnAddress(
  context: { email: string | undefined; othersEmails: ReadonlySet<string> },
  address: string,
): boolean {
  const to = address.trim().toLowerCase();
  if (context.othersEmails.has(to)) return false;
  return context.email?.trim().toLowerCase() === to;
}
