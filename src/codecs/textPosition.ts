/** Line and column (1-based) of a character offset in a text. Pure. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Moves a position found inside a snippet to where the snippet starts in its document. */
export function shiftPosition(inner: TextPosition, snippetStart: TextPosition): TextPosition {
  return inner.line === 1
    ? { line: snippetStart.line, column: snippetStart.column + inner.column - 1 }
    : { line: snippetStart.line + inner.line - 1, column: inner.column };
}
