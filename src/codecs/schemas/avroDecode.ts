/**
 * Avro binary → JSON text, compiled once per schema into a tree of reader closures that each
 * return their value's JSON text (no per-message schema walk, no intermediate objects). Every
 * length is checked against the bytes left before anything is allocated, so corrupt input
 * fails fast with where it went wrong. The field path of a failure is collected while the
 * error unwinds, which costs nothing on the way when nothing fails. Pure.
 */
import { AvroType, branchName, Field } from './avroSchema';
import {
  AvroDecodeError,
  Cursor,
  decimalReader,
  MAX_FREE_ITEMS,
  fixedReader,
  PRIMITIVE_READERS,
  Read,
  readInt,
  readLength,
  readLong,
  readString,
  TIME_READERS,
  within,
} from './avroRead';

/** Union notes kept for the detail view. */
const MAX_NOTES = 50;

/**
 * One block header of an array or map: the item count, checked against the bytes left (each
 * item takes at least `minSize` bytes). A negative count is followed by the block's byte size,
 * left in c.blockEnd so the block can be checked once read.
 */
function blockCount(c: Cursor, minSize: number, what: string): number {
  const start = c.pos;
  let count = readLong(c);
  c.blockEnd = -1;
  if (typeof count !== 'number') {
    throw new AvroDecodeError(`${what} block at byte ${start} claims ${count} items`);
  }
  if (count < 0) {
    count = -count;
    // The size counts the block's items, from just after the size itself.
    const size = readLength(c, `${what} block`);
    c.blockEnd = c.pos + size;
  }
  if (minSize > 0 && count * minSize > c.end - c.pos) {
    throw new AvroDecodeError(`${what} block at byte ${start} claims ${count} items, more than the ${c.end - c.pos} bytes left can hold`);
  }
  // Items of no bytes (nulls) cannot be checked against the bytes left: they have a budget instead.
  if (minSize === 0 && (c.freeItems -= count) < 0) {
    throw new AvroDecodeError(
      `${what} block at byte ${start} claims ${count} items of no bytes, beyond the ${MAX_FREE_ITEMS} one value may hold`,
    );
  }
  return count;
}

function checkBlockEnd(c: Cursor, blockEnd: number, what: string): void {
  if (blockEnd >= 0 && c.pos !== blockEnd) {
    throw new AvroDecodeError(`${what} block ending at byte ${c.pos} said it ends at byte ${blockEnd}`);
  }
}

/** An array: blocks of items until a zero count; a failing item adds its index to the error's path. */
function arrayReader(item: Read, minSize: number): Read {
  return (c) => {
    let text = '[';
    let index = 0;
    let inItem = false;
    try {
      for (let count = blockCount(c, minSize, 'an array'); count > 0; count = blockCount(c, minSize, 'an array')) {
        const blockEnd = c.blockEnd;
        for (let k = 0; k < count; k++, index++) {
          inItem = true;
          if (c.notes === null) {
            text += index === 0 ? item(c) : `,${item(c)}`;
          } else {
            c.path.push(`[${index}]`);
            text += (index === 0 ? '' : ',') + item(c);
            c.path.pop();
          }
          inItem = false;
        }
        checkBlockEnd(c, blockEnd, 'an array');
      }
    } catch (error) {
      throw inItem ? within(error, `[${index}]`) : error;
    }
    return `${text}]`;
  };
}

/** A map: blocks of string keys and values until a zero count, printed as a JSON object. */
function mapReader(value: Read, minSize: number): Read {
  return (c) => {
    let text = '{';
    let first = true;
    let key = '';
    try {
      for (let count = blockCount(c, 1 + minSize, 'a map'); count > 0; count = blockCount(c, 1 + minSize, 'a map')) {
        const blockEnd = c.blockEnd;
        for (let k = 0; k < count; k++) {
          key = readString(c);
          if (c.notes === null) {
            text += `${first ? '' : ','}${key}:${value(c)}`;
          } else {
            c.path.push(`[${key}]`);
            text += `${first ? '' : ','}${key}:${value(c)}`;
            c.path.pop();
          }
          key = '';
          first = false;
        }
        checkBlockEnd(c, blockEnd, 'a map');
      }
    } catch (error) {
      throw key ? within(error, `[${key}]`) : error;
    }
    return `${text}}`;
  };
}

/** A record: its fields in schema order, each key's JSON text made once here rather than per message. */
function recordReader(fields: readonly Field[], readers: readonly Read[]): Read {
  const count = fields.length;
  const keys = fields.map((field, i) => `${i === 0 ? '' : ','}${JSON.stringify(field.name)}:`);
  const segments = fields.map((field) => `.${field.name}`);
  return (c) => {
    let text = '{';
    let i = 0;
    try {
      if (c.notes === null) {
        for (; i < count; i++) {
          text += keys[i] + readers[i](c);
        }
      } else {
        for (; i < count; i++) {
          c.path.push(segments[i]);
          text += keys[i] + readers[i](c);
          c.path.pop();
        }
      }
    } catch (error) {
      throw within(error, segments[i]);
    }
    return `${text}}`;
  };
}

/** A union note for the detail view, with the path of the value; at most MAX_NOTES and a line saying there were more. */
function addNote(c: Cursor, notes: string[], label: string): void {
  if (notes.length < MAX_NOTES) {
    const text = [...c.path].join('');
    const path = text.startsWith('.') ? text.slice(1) : text;
    notes.push(`${path ? `${path}: ` : ''}union branch "${label}"`);
  } else if (notes.length === MAX_NOTES) {
    notes.push(`more union branches than the ${MAX_NOTES} above`);
  }
}

/** `labels[i]`: the note for branch i, when the plain value does not tell which branch it was. */
function unionReader(branches: readonly Read[], labels: readonly (string | undefined)[]): Read {
  return (c) => {
    const start = c.pos;
    const index = readLong(c);
    const branch = typeof index === 'number' ? branches[index] : undefined;
    if (branch === undefined) {
      throw new AvroDecodeError(`union index ${index} out of range (${branches.length} branches) at byte ${start}`);
    }
    const label = labels[index as number];
    if (c.notes !== null && label !== undefined) {
      addNote(c, c.notes, label);
    }
    return branch(c);
  };
}

/** Compiles a type tree into its reader, once per type (recursive types through a forwarding reader). */
export class ReaderCompiler {
  private readonly done = new Map<AvroType, Read>();
  private readonly building = new Map<AvroType, { read?: Read }>();
  private readonly sizes = new Map<AvroType, number>();
  /** Whether some union needs notes, so the detail view must track paths. */
  notes = false;

  reader(type: AvroType): Read {
    const known = this.done.get(type);
    if (known) {
      return known;
    }
    const pending = this.building.get(type);
    if (pending) {
      // A record that contains itself: its reader exists once this call's outer build returns.
      return (c) => (pending.read as Read)(c);
    }
    const slot: { read?: Read } = {};
    this.building.set(type, slot);
    const read = this.build(type);
    slot.read = read;
    this.building.delete(type);
    this.done.set(type, read);
    return read;
  }

  private build(type: AvroType): Read {
    switch (type.kind) {
      case 'record':
        return recordReader(
          type.fields,
          type.fields.map((field) => this.reader(field.type)),
        );
      case 'enum': {
        const texts = type.symbols.map((symbol) => JSON.stringify(symbol));
        return (c) => {
          const start = c.pos;
          const index = readInt(c);
          const text = texts[index];
          if (text === undefined) {
            throw new AvroDecodeError(`enum index ${index} out of range (${texts.length} symbols) at byte ${start}`);
          }
          return text;
        };
      }
      case 'array':
        return arrayReader(this.reader(type.items), this.minSize(type.items));
      case 'map':
        return mapReader(this.reader(type.values), this.minSize(type.values));
      case 'union':
        return this.union(type.branches);
      case 'fixed':
        return type.logical?.kind === 'decimal'
          ? decimalReader(type.logical.scale, type.size)
          : fixedReader(type.size, `fixed ${type.name}`);
      default:
        if (type.logical?.kind === 'decimal') {
          return decimalReader(type.logical.scale, undefined);
        }
        return (type.logical && TIME_READERS[type.logical.kind]) || PRIMITIVE_READERS[type.kind];
    }
  }

  private union(branches: readonly AvroType[]): Read {
    // With one non-null branch the value shows which branch it is; with more, the detail view says.
    const ambiguous = branches.filter((branch) => branch.kind !== 'null').length > 1;
    const labels = branches.map((branch) => (ambiguous && branch.kind !== 'null' ? branchName(branch) : undefined));
    this.notes ||= ambiguous;
    return unionReader(
      branches.map((branch) => this.reader(branch)),
      labels,
    );
  }

  /** The fewest bytes a value of the type takes, to check an array's item count against the bytes left. */
  minSize(type: AvroType): number {
    const known = this.sizes.get(type);
    if (known !== undefined) {
      return known;
    }
    this.sizes.set(type, 0); // a record inside itself counts 0 while it is summed
    let size: number;
    switch (type.kind) {
      case 'null':
        size = 0;
        break;
      case 'float':
        size = 4;
        break;
      case 'double':
        size = 8;
        break;
      case 'fixed':
        size = type.size;
        break;
      case 'record':
        size = type.fields.reduce((sum, field) => sum + this.minSize(field.type), 0);
        break;
      default:
        size = 1;
    }
    this.sizes.set(type, size);
    return size;
  }
}
