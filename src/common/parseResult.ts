/** What a parser of user input gives back: the value, or a message saying what is wrong with the text. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };
