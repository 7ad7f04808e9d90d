/** Tool arguments and outputs travel as JSON text; anything else is kept as the text it was. */
export function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
