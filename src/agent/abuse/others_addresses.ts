import { findAllEmails, isSomeoneElsesEmail } from '../brain/nlu/email.js';

/**
 * Every address in a user message that the NLU reads as someone else's ("my colleague
 * bob@acme.com", "cc her at …"). The turn's own understanding keeps only one address, the
 * user's; these are remembered separately so no tool can later send to them, whichever model
 * asks.
 */
export function addressesOfOthers(text: string): string[] {
  return findAllEmails(text).filter((address) => isSomeoneElsesEmail(text, address));
}
