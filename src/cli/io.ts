// Reading and writing the line protocols of the CLI (`ask --json`, `converse --json`):
// other tools parse them, so a line is exactly what ends in "\n", and a JSON line never
// contains a character that some readers take for a line break.

/**
 * The lines of a stream, split on "\n" only (a trailing "\r" is dropped): readline would also
 * split on a lone "\r", cutting a question that contains one in two.
 */
export async function* readLines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  let rest = '';
  input.setEncoding?.('utf8');
  for await (const chunk of input) {
    rest += chunk as string;
    let at: number;
    while ((at = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, at).replace(/\r$/, '');
      rest = rest.slice(at + 1);
    }
  }
  if (rest) yield rest.replace(/\r$/, '');
}

/** JSON.stringify leaves U+2028, U+2029 and U+0085 raw; JavaScript and some line readers break on them. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/** Writes, waiting when the reader is slower than the writer. */
export function writeOut(output: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (output.write(text)) resolve();
    else output.once('drain', resolve);
  });
}

/**
 * When the reader of stdout goes away (`… | head -1`), stop quietly with one line instead of
 * an EPIPE stack trace.
 */
export function exitQuietlyOnClosedOutput(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    try {
      process.stderr.write('Đầu ra đã đóng trước khi in xong; dừng.\n');
    } catch {
      // stderr closed too
    }
    process.exit(0);
  });
}
