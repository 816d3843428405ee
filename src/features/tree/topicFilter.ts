/**
 * The Topics folder's filter: case-insensitive; `*` matches any run of characters and
 * `?` one character; without wildcards the text may appear anywhere in the name. Pure.
 */
export function topicFilterMatcher(filter: string): (name: string) => boolean {
  const text = filter.trim();
  if (text === '') {
    return () => true;
  }
  if (!/[*?]/.test(text)) {
    const needle = text.toLowerCase();
    return (name) => name.toLowerCase().includes(needle);
  }
  const pattern = text
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${pattern}$`, 'i');
  return (name) => regex.test(name);
}
