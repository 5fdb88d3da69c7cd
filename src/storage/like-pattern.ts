/** A LIKE pattern matching `text` anywhere, in lower case, with LIKE's wildcards in it escaped. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
