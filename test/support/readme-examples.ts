/**
 * The README's examples as a test script. Pure: reading the Markdown and matching answers; running them is
 * the e2e test's (test/e2e/readme-examples.test.ts).
 *
 * - Every ```sh block is run, in README order, command by command — unless its first line is
 *   `# not run: <why>`.
 * - A block whose info string names a file (```csv file=cohort.csv) is that file's content, written into the
 *   examples' working directory before the first command.
 * - A comment `# → <status> <answer>` after a command (or at the end of its line) is what it must answer: the
 *   status, and the answer's JSON read tolerantly — the members it shows must be there with those values,
 *   `…` or `...` stands for anything, and `<name>` in a value binds that part of the actual answer. Later
 *   commands have their `<name>`s replaced by the bound values. A command without an expectation must answer 2xx.
 */

export interface Expectation {
  status?: number;
  /** The answer as the README shows it (JSON-ish), or undefined when only the status is said. */
  answer?: string;
}

export interface ReadmeCommand {
  /** 1-based line of the README where the command starts. */
  line: number;
  text: string;
  expectation?: Expectation;
}

export interface ReadmeExamples {
  files: { name: string; content: string }[];
  commands: ReadmeCommand[];
}

interface Fence {
  line: number;
  info: string;
  body: string[];
}

function fencedBlocks(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const blocks: Fence[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^```(.*)$/.exec(lines[index]!);
    if (!open) continue;
    const body: string[] = [];
    const start = index + 1;
    for (index += 1; index < lines.length && !lines[index]!.startsWith('```'); index += 1) body.push(lines[index]!);
    blocks.push({ line: start + 1, info: open[1]!.trim(), body });
  }
  return blocks;
}

/** A line's shell code and its comment: `#` starts a comment at a word's start, outside quotes. */
function splitComment(line: string, quote: string | null): { code: string; comment: string | null; quote: string | null } {
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index]!;
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"') index += 1;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '\\') index += 1;
    else if (char === '#' && (index === 0 || /\s/.test(line[index - 1]!))) {
      return { code: line.slice(0, index).trimEnd(), comment: line.slice(index + 1).trim(), quote };
    }
  }
  return { code: line, comment: null, quote };
}

/** Where a bracketed JSON-ish text closes (string-aware), or -1 while it is still open. */
function closingIndex(text: string): number {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function parseExpectation(text: string): { expectation: Expectation; open: boolean } {
  const status = /^(\d{3})\b\s*/.exec(text);
  const rest = status ? text.slice(status[0].length) : text;
  const expectation: Expectation = status ? { status: Number(status[1]) } : {};
  if (rest.startsWith('{') || rest.startsWith('[')) {
    const end = closingIndex(rest);
    expectation.answer = end === -1 ? rest : rest.slice(0, end + 1);
    return { expectation, open: end === -1 };
  }
  // `→ "verdict": "valid"`: members of the answer's object.
  if (rest.startsWith('"')) expectation.answer = `{${rest}}`;
  return { expectation, open: false };
}

function blockCommands(block: Fence): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let current: { line: number; code: string[]; quote: string | null } | null = null;
  let openAnswer: Expectation | null = null;

  const attach = (command: ReadmeCommand | undefined, text: string, line: number) => {
    if (!command) throw new Error(`README.md:${line}: an expectation with no command before it`);
    const { expectation, open } = parseExpectation(text.slice(1).trim());
    command.expectation = expectation;
    openAnswer = open ? expectation : null;
  };

  block.body.forEach((raw, offset) => {
    const line = block.line + offset;
    if (!current) {
      const trimmed = raw.trim();
      if (trimmed === '') return;
      if (trimmed.startsWith('#')) {
        const comment = trimmed.slice(1).trim();
        if (comment.startsWith('→')) attach(commands.at(-1), comment, line);
        else if (openAnswer) {
          const joined = `${openAnswer.answer} ${comment}`;
          const end = closingIndex(joined);
          openAnswer.answer = end === -1 ? joined : joined.slice(0, end + 1);
          if (end !== -1) openAnswer = null;
        }
        return;
      }
      openAnswer = null;
      current = { line, code: [], quote: null };
    }
    const { code, comment, quote } = splitComment(raw, current.quote);
    current.code.push(code);
    current.quote = quote;
    if (quote || code.endsWith('\\')) return;
    const command: ReadmeCommand = { line: current.line, text: current.code.join('\n') };
    commands.push(command);
    current = null;
    if (comment?.startsWith('→')) attach(command, comment, line);
  });
  return commands;
}

export function readmeExamples(markdown: string): ReadmeExamples {
  const examples: ReadmeExamples = { files: [], commands: [] };
  for (const block of fencedBlocks(markdown)) {
    const file = /(?:^|\s)file=(\S+)/.exec(block.info);
    if (file) examples.files.push({ name: file[1]!, content: `${block.body.join('\n')}\n` });
    else if (block.info === 'sh' && !block.body[0]?.startsWith('# not run:')) examples.commands.push(...blockCommands(block));
  }
  return examples;
}

/** A `<name>` placeholder's name: lower-case words with hyphens, so that `<<EOF` or `a<b` are left alone. */
const PLACEHOLDER_NAME = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const PLACEHOLDER = new RegExp(`<(${PLACEHOLDER_NAME})>`, 'g');
/** What an expected string is cut at: placeholders, and the ellipses that match anything. */
const STRING_PARTS = new RegExp(`(<${PLACEHOLDER_NAME}>|…|\\.\\.\\.)`);

/** A command with its placeholders replaced by bound values; an unbound one is a fault of the README. */
export function bindCommand(command: ReadmeCommand, bound: ReadonlyMap<string, string>): string {
  return command.text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = bound.get(name);
    if (value === undefined) throw new Error(`README.md:${command.line}: ${whole} is bound by no earlier answer`);
    return value;
  });
}

// The expected answer, parsed tolerantly: what is not JSON (…, ..., prose) matches anything.
type Pattern =
  | { kind: 'any' }
  | { kind: 'string'; text: string }
  | { kind: 'literal'; value: unknown }
  | { kind: 'object'; members: [string, Pattern][] }
  | { kind: 'array'; items: Pattern[] };

type Token = { kind: 'punct'; text: string } | { kind: 'string'; text: string } | { kind: 'literal'; value: unknown } | { kind: 'other' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|([{}[\]:,])|(true|false|null|-?\d+(?:\.\d+)?)(?![\w.…])|([^\s{}[\]:,"]+)/gu;
  for (const match of text.matchAll(pattern)) {
    if (match[1] !== undefined) tokens.push({ kind: 'string', text: JSON.parse(`"${match[1]}"`) as string });
    else if (match[2] !== undefined) tokens.push({ kind: 'punct', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'literal', value: JSON.parse(match[3]) });
    else if (tokens.at(-1)?.kind !== 'other') tokens.push({ kind: 'other' });
  }
  return tokens;
}

function parsePattern(tokens: Token[]): Pattern {
  let position = 0;
  const isPunct = (text: string) => tokens[position]?.kind === 'punct' && (tokens[position] as { text: string }).text === text;
  // Skips what is not a member or an item (prose, `…`), up to the next `,` or the closing bracket.
  const skipToSeparator = (close: string) => {
    let depth = 0;
    while (position < tokens.length && !(depth === 0 && (isPunct(',') || isPunct(close)))) {
      if (isPunct('{') || isPunct('[')) depth += 1;
      if (isPunct('}') || isPunct(']')) depth -= 1;
      position += 1;
    }
  };
  const value = (close: string): Pattern => {
    const token = tokens[position];
    if (token?.kind === 'punct' && token.text === '{') return object();
    if (token?.kind === 'punct' && token.text === '[') return array();
    if (token?.kind === 'string' || token?.kind === 'literal') {
      position += 1;
      if (token.kind === 'string') return { kind: 'string', text: token.text };
      return { kind: 'literal', value: token.value };
    }
    skipToSeparator(close);
    return { kind: 'any' };
  };
  const object = (): Pattern => {
    position += 1;
    const members: [string, Pattern][] = [];
    while (position < tokens.length && !isPunct('}')) {
      const key = tokens[position];
      if (key?.kind === 'string' && tokens[position + 1]?.kind === 'punct' && (tokens[position + 1] as { text: string }).text === ':') {
        position += 2;
        members.push([key.text, value('}')]);
      }
      skipToSeparator('}');
      if (isPunct(',')) position += 1;
    }
    position += 1;
    return { kind: 'object', members };
  };
  const array = (): Pattern => {
    position += 1;
    const items: Pattern[] = [];
    while (position < tokens.length && !isPunct(']')) {
      items.push(value(']'));
      skipToSeparator(']');
      if (isPunct(',')) position += 1;
    }
    position += 1;
    return { kind: 'array', items };
  };
  return value('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Matches an answer against the README's expected answer, binding its placeholders into `bound`; answers the
 * first difference, as a JSON Pointer and what was expected there, or null. `instance` replaces the README's
 * `http://localhost:3000` (and its did:web form) with the instance under test.
 */
export function matchAnswer(expected: string, actual: unknown, bound: Map<string, string>, instance: { from: string; to: string }[]): string | null {
  const localized = instance.reduce((text, { from, to }) => text.split(from).join(to), expected);
  const found = new Map<string, string>();
  const walk = (pattern: Pattern, value: unknown, pointer: string): string | null => {
    switch (pattern.kind) {
      case 'any':
        return null;
      case 'literal':
        return Object.is(pattern.value, value) ? null : `${pointer || '/'}: expected ${JSON.stringify(pattern.value)}, got ${JSON.stringify(value)}`;
      case 'string': {
        if (typeof value !== 'string' && typeof value !== 'number') return `${pointer || '/'}: expected "${pattern.text}", got ${JSON.stringify(value)}`;
        const names: string[] = [];
        const source = pattern.text
          .split(STRING_PARTS)
          .map((part) => {
            const placeholder = /^<(.+)>$/.exec(part);
            if (placeholder) {
              const known = bound.get(placeholder[1]!) ?? found.get(placeholder[1]!);
              if (known !== undefined) return escapeRegExp(known);
              names.push(placeholder[1]!);
              return '(.+?)';
            }
            return part === '…' || part === '...' ? '.*?' : escapeRegExp(part);
          })
          .join('');
        const match = new RegExp(`^${source}$`, 's').exec(String(value));
        if (!match) return `${pointer || '/'}: expected "${pattern.text}", got ${JSON.stringify(value)}`;
        names.forEach((name, index) => found.set(name, match[index + 1]!));
        return null;
      }
      case 'object': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${pointer || '/'}: expected an object, got ${JSON.stringify(value)}`;
        for (const [key, member] of pattern.members) {
          if (!(key in value)) return `${pointer}/${key}: missing`;
          const difference = walk(member, (value as Record<string, unknown>)[key], `${pointer}/${key}`);
          if (difference) return difference;
        }
        return null;
      }
      case 'array': {
        if (!Array.isArray(value)) return `${pointer || '/'}: expected an array, got ${JSON.stringify(value)}`;
        for (const [index, item] of pattern.items.entries()) {
          if (item.kind === 'any') continue;
          if (index >= value.length) return `${pointer}/${index}: missing`;
          const difference = walk(item, value[index], `${pointer}/${index}`);
          if (difference) return difference;
        }
        return null;
      }
    }
  };
  const difference = walk(parsePattern(tokenize(localized)), actual, '');
  if (!difference) for (const [name, value] of found) bound.set(name, value);
  return difference;
}
