/**
 * Splits a command string the way compose does (POSIX shell words: single quotes literal,
 * double quotes with backslash escapes, backslash outside quotes), so `command: mongod
 * --replSet rs0` becomes the list Docker runs.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let has = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === "\\" && i + 1 < text.length) {
      word += text[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has || word) words.push(word);
      word = "";
      has = false;
    } else word += c;
  }
  if (quote) throw new Error(`unterminated ${quote} quote`);
  if (has || word) words.push(word);
  return words;
}
