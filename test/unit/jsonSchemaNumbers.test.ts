/**
 * JSON Schema's numeric keywords judged on the literals, not on the doubles JSON.parse makes of
 * them: 9007199254740993 and 9007199254740992 are one double.
 */
import * as assert from 'node:assert/strict';
import { compareDecimals, isMultipleOf, parseDecimal } from '../../src/codecs/schemas/exactDecimal';
import { compileJsonSchema } from '../../src/codecs/schemas/jsonSchema';

const decimal = (text: string) => {
  const value = parseDecimal(text);
  assert.ok(value, text);
  return value;
};

/** The encoder's verdict: undefined when the value fits, else the message. */
function verdict(schemaText: string, value: string, references = new Map<string, string>()): string | undefined {
  try {
    compileJsonSchema(schemaText, references).encode(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('JSON Schema checks on exact numbers', () => {
  it('compares and divides decimals exactly, bounded by the literals and not by their exponents', () => {
    assert.equal(compareDecimals(decimal('9007199254740993'), decimal('9007199254740992')), 1);
    assert.equal(compareDecimals(decimal('1.10'), decimal('1.1')), 0);
    assert.equal(compareDecimals(decimal('-0'), decimal('0')), 0);
    assert.equal(compareDecimals(decimal('-1e400'), decimal('-2e400')), 1);
    assert.equal(compareDecimals(decimal('1e-999999999'), decimal('0')), 1);
    assert.equal(compareDecimals(decimal('123e-2'), decimal('1.2300000000000000000001')), -1);
    assert.ok(isMultipleOf(decimal('18446744073709551615'), decimal('5')));
    assert.ok(!isMultipleOf(decimal('18446744073709551615'), decimal('2')));
    assert.ok(isMultipleOf(decimal('0.3'), decimal('0.1')));
    assert.ok(isMultipleOf(decimal('1e999999999'), decimal('0.5')));
    assert.ok(!isMultipleOf(decimal('1e-999999999'), decimal('3')));
    assert.ok(!isMultipleOf(decimal('7'), decimal('0')));
    assert.equal(parseDecimal('01'), undefined);
  });

  it('judges maximum, minimum and their exclusive forms on integers beyond 2^53', () => {
    const max = '{"type": "object", "properties": {"id": {"type": "integer", "maximum": 9007199254740992}}}';
    assert.equal(verdict(max, '{"id": 9007199254740992}'), undefined);
    assert.equal(verdict(max, '{"id": 9007199254740993}'), 'id: 9007199254740993 is greater than 9007199254740992.');
    const min = '{"minimum": 18446744073709551615}';
    assert.match(verdict(min, '18446744073709551614') ?? '', /^the value: 18446744073709551614 is less than 18446744073709551615\.$/);
    assert.equal(verdict(min, '18446744073709551615'), undefined);
    const exclusive = '{"exclusiveMaximum": 9223372036854775807}';
    assert.match(verdict(exclusive, '9223372036854775807') ?? '', /greater than or equal to 9223372036854775807/);
    assert.equal(verdict(exclusive, '9223372036854775806'), undefined);
    assert.equal(
      verdict('{"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 1e400, "exclusiveMaximum": true}', '2e400') !== undefined,
      true,
    );
  });

  it('judges multipleOf exactly, also through a $ref and beside an allOf of its own', () => {
    const schema =
      '{"definitions": {"even": {"multipleOf": 2, "allOf": [{"type": "integer"}]}}, "properties": {"n": {"$ref": "#/definitions/even"}}}';
    assert.equal(verdict(schema, '{"n": 9007199254740994}'), undefined);
    assert.equal(verdict(schema, '{"n": 9007199254740993}'), 'n: 9007199254740993 is not a multiple of 2.');
    assert.equal(verdict('{"multipleOf": 0.01}', '12345678901234567.89'), undefined);
    assert.match(verdict('{"multipleOf": 0.01}', '12345678901234567.891') ?? '', /not a multiple of 0\.01/);
  });

  it('judges const, enum and uniqueItems on values that round to the same double', () => {
    assert.match(verdict('{"const": 9007199254740993}', '9007199254740992') ?? '', /does not match 9007199254740993/);
    assert.equal(verdict('{"const": 9007199254740993}', '9007199254740993'), undefined);
    assert.equal(verdict('{"const": {"a": [1.10]}}', '{"a": [1.1]}'), undefined);
    const enumSchema = '{"enum": [18446744073709551615, "x"]}';
    assert.equal(verdict(enumSchema, '18446744073709551615'), undefined);
    assert.match(verdict(enumSchema, '18446744073709551614') ?? '', /does not match any of \[18446744073709551615,"x"\]/);
    assert.equal(verdict('{"uniqueItems": true}', '[9007199254740993, 9007199254740992]'), undefined);
    assert.ok(verdict('{"uniqueItems": true}', '[9007199254740993, 9007199254740993.0]') !== undefined);
  });

  it('keeps a fraction a fraction where its double is whole, and follows referenced schemas', () => {
    assert.match(verdict('{"type": "integer"}', '9007199254740993.5') ?? '', /integer/);
    assert.equal(verdict('{"type": "integer"}', '9007199254740993.0'), undefined);
    const references = new Map([['limits.json', '{"maximum": 9007199254740992}']]);
    assert.ok(verdict('{"$ref": "limits.json"}', '9007199254740993', references) !== undefined);
    assert.equal(verdict('{"$ref": "limits.json"}', '9007199254740992', references), undefined);
  });

  it('keeps a payload\'s "__proto__" key a key when it judges exactly', () => {
    const schema = '{"properties": {"__proto__": {"maximum": 9007199254740992}}}';
    assert.match(verdict(schema, '{"__proto__": 9007199254740993}') ?? '', /greater than/);
    assert.equal(verdict(schema, '{"__proto__": 9007199254740992}'), undefined);
  });

  it('judges a value with a duplicate key (found by npm run fuzz): the last one counts, as in JSON.parse', () => {
    const schema = '{"properties": {"price": {"maximum": 2}, "id": {"type": "integer"}}}';
    const payload = '{"id":18446744073709551615,"price":1615,"price":1.10}';
    assert.equal(verdict(schema, payload), undefined);
    assert.match(verdict(schema, '{"id":18446744073709551615,"price":1.10,"price":1615}') ?? '', /^price: 1615 is greater than 2\.$/);
  });
});
