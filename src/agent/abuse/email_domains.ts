import { createRequire } from 'node:module';

/**
 * What kind of mailbox an address is, judged by its domain alone.
 *
 * Disposable inboxes come from `disposable-email-domains` (a maintained list of about 120,000
 * throwaway-mail domains, plus its wildcard list whose subdomains are throwaway too). It is read
 * on first use, so a process that never books pays nothing for it.
 */
const require = createRequire(import.meta.url);
let disposable: { exact: Set<string>; wildcard: Set<string> } | undefined;

function disposableLists() {
  disposable ??= {
    exact: new Set(require('disposable-email-domains') as string[]),
    wildcard: new Set(require('disposable-email-domains/wildcard.json') as string[]),
  };
  return disposable;
}

/** The part after the last `@`, lower-cased, without a trailing dot. */
export function emailDomain(address: string): string {
  return address.trim().toLowerCase().split('@').pop()!.replace(/\.$/, '');
}

/** The domain and every parent under its top-level name: `a.b.example.com` → itself, `b.example.com`, `example.com`. */
function domainAndParents(domain: string): string[] {
  const labels = domain.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}

/** A throwaway inbox (mailinator.com, a subdomain of a wildcard-listed one, …). */
export function isDisposableEmail(address: string): boolean {
  const { exact, wildcard } = disposableLists();
  const domain = emailDomain(address);
  if (exact.has(domain)) return true;
  return domainAndParents(domain).some((d) => wildcard.has(d) || exact.has(d));
}

/**
 * Providers where unrelated people share one domain. A per-domain cap there would let one
 * scripted afternoon lock every Gmail user out of booking, so these are counted per address and
 * per client instead (the other caps still hold). Kept short on purpose: the big consumer
 * providers cover nearly all personal addresses, and a missing small one is only counted more
 * strictly, never let through.
 */
const SHARED_PROVIDERS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'fastmail.com',
  'hey.com',
]);

/**
 * Names reserved for documentation and testing (RFC 2606, RFC 6761): they belong to no
 * organisation, so "bookings per organisation" means nothing for them. Demos and the test
 * suites use them for many different people on one server.
 */
const RESERVED = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/;

/** An address under a reserved name: it reaches no real inbox. */
export function isReservedAddress(address: string): boolean {
  return RESERVED.test(emailDomain(address));
}

/** True when one domain stands for one organisation, so its bookings can be counted together. */
export function isOrganisationDomain(address: string): boolean {
  const domain = emailDomain(address);
  return !SHARED_PROVIDERS.has(domain) && !RESERVED.test(domain);
}
