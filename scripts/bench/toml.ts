/**
 * A tiny TOML reader for wrangler.toml: tables, arrays of tables, dotted keys, strings, numbers,
 * booleans, arrays and inline tables. Multi-line strings and dates are refused loudly rather
 * than misread; the bench needs `[vars]`, `[[ratelimits]]` and the compatibility settings only.
 */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable
export interface TomlTable {
  [key: string]: TomlValue
}

const BARE_KEY = /[A-Za-z0-9_-]/
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' }

/** Parses `text`; throws with the line number on anything it does not understand. */
export function parseToml(text: string): TomlTable {
  const root: TomlTable = {}
  let table = root
  const p: Parser = new Parser(text)
  for (p.skip(true); !p.done(); p.skip(true)) {
    if (p.peek('[[')) {
      p.pos += 2
      const path = p.keyPath()
      p.expect(']]')
      const list = walk(root, path.slice(0, -1), p)
      const last = path[path.length - 1] as string
      if (list[last] === undefined) list[last] = []
      const array = list[last]
      if (!Array.isArray(array)) p.fail(`${last} is not an array of tables`)
      table = {}
      array.push(table)
    } else if (p.peek('[')) {
      p.pos += 1
      const path = p.keyPath()
      p.expect(']')
      table = walk(root, path, p)
    } else {
      const path = p.keyPath()
      p.expect('=')
      const target = walk(table, path.slice(0, -1), p)
      target[path[path.length - 1] as string] = p.value()
    }
    p.endOfLine()
  }
  return root
}

/** The table at `path` under `from`, created when missing (the last element of an array). */
function walk(from: TomlTable, path: string[], p: Parser): TomlTable {
  let table = from
  for (const key of path) {
    if (table[key] === undefined) table[key] = {}
    let next = table[key] as TomlValue
    if (Array.isArray(next)) next = next[next.length - 1] as TomlValue
    if (typeof next !== 'object' || Array.isArray(next)) p.fail(`${key} is not a table`)
    table = next as TomlTable
  }
  return table
}

class Parser {
  pos = 0
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
  done = () => this.pos >= this.text.length
  peek = (s: string) => this.text.startsWith(s, this.pos)
  fail(message: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length
    throw new SyntaxError(`wrangler.toml line ${line}: ${message}`)
  }
  expect(s: string) {
    this.skip(false)
    if (!this.peek(s)) this.fail(`expected ${s}`)
    this.pos += s.length
  }
  /** Skips blanks and comments; newlines too when `lines`. */
  skip(lines: boolean) {
    for (;;) {
      const c = this.text[this.pos]
      if (c === ' ' || c === '\t' || (lines && (c === '\n' || c === '\r'))) this.pos++
      else if (c === '#') while (!this.done() && this.text[this.pos] !== '\n') this.pos++
      else return
    }
  }
  endOfLine() {
    this.skip(false)
    if (!this.done() && !this.peek('\n') && !this.peek('\r\n')) this.fail('expected end of line')
  }
  keyPath(): string[] {
    const keys = [this.key()]
    for (this.skip(false); this.peek('.'); this.skip(false)) {
      this.pos++
      keys.push(this.key())
    }
    return keys
  }
  key(): string {
    this.skip(false)
    if (this.peek('"') || this.peek("'")) return this.string()
    const start = this.pos
    while (BARE_KEY.test(this.text[this.pos] ?? '')) this.pos++
    if (start === this.pos) this.fail('expected a key')
    return this.text.slice(start, this.pos)
  }
  value(): TomlValue {
    this.skip(false)
    if (this.peek('"""') || this.peek("'''")) this.fail('multi-line strings are not supported')
    if (this.peek('"') || this.peek("'")) return this.string()
    if (this.peek('[')) return this.array()
    if (this.peek('{')) return this.inlineTable()
    const match =
      /^(true|false|[+-]?[0-9][0-9_]*(\.[0-9_]+)?([eE][+-]?[0-9]+)?)(?=[\s,\]}#]|$)/.exec(
        this.text.slice(this.pos),
      )
    if (!match) this.fail('unsupported value')
    this.pos += match[0].length
    if (match[0] === 'true' || match[0] === 'false') return match[0] === 'true'
    return Number(match[0].replaceAll('_', ''))
  }
  string(): string {
    const quote = this.text[this.pos]
    let out = ''
    for (this.pos++; !this.peek(quote as string); this.pos++) {
      const c = this.text[this.pos]
      if (c === undefined || c === '\n') this.fail('unterminated string')
      if (c !== '\\' || quote === "'") out += c
      else out += this.escape()
    }
    this.pos++
    return out
  }
  escape(): string {
    const c = this.text[++this.pos] ?? ''
    if (ESCAPES[c]) return ESCAPES[c]
    if (c !== 'u' && c !== 'U') this.fail(`unsupported escape \\${c}`)
    const digits = this.text.slice(this.pos + 1, this.pos + (c === 'u' ? 5 : 9))
    this.pos += digits.length
    return String.fromCodePoint(Number.parseInt(digits, 16))
  }
  array(): TomlValue[] {
    const items: TomlValue[] = []
    for (this.pos++, this.skip(true); !this.peek(']'); this.skip(true)) {
      items.push(this.value())
      this.skip(true)
      if (this.peek(',')) this.pos++
      else if (!this.peek(']')) this.fail('expected , or ]')
    }
    this.pos++
    return items
  }
  inlineTable(): TomlTable {
    const table: TomlTable = {}
    for (this.pos++, this.skip(false); !this.peek('}'); this.skip(false)) {
      const path = this.keyPath()
      this.expect('=')
      walk(table, path.slice(0, -1), this)[path[path.length - 1] as string] = this.value()
      this.skip(false)
      if (this.peek(',')) this.pos++
      else if (!this.peek('}')) this.fail('expected , or }')
    }
    this.pos++
    return table
  }
}
