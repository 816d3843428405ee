import { TextPosition } from './textPosition';

/** A serializer's refusal, with where in the serialized text the problem is. */
export class SerializeError extends Error {
  constructor(
    message: string,
    /** Where in the serialized text the problem is (1-based). */
    readonly position: TextPosition,
  ) {
    super(message);
    this.name = 'SerializeError';
  }
}
