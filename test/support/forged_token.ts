/**
 * A session token with one character of its signature changed to a value it surely did not have.
 * Replacing the last characters with fixed ones is not enough: about one token in a thousand
 * already ends with them, and the "forgery" is then the real token.
 */
export function forgedToken(token: string): string {
  const [expires = '', mac = ''] = token.split('.');
  return `${expires}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
}
