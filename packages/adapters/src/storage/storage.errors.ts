/** Errors of object storage. The HTTP layer answers each class with its own status (404, 416, 400), by `instanceof`. */
export class ObjectNotFoundError extends Error {
  readonly code = 'object_not_found';
  constructor(readonly key: string) {
    super(`No object is stored under "${key}".`);
    this.name = 'ObjectNotFoundError';
  }
}

export class RangeNotSatisfiableError extends Error {
  readonly code = 'range_not_satisfiable';
  constructor(
    readonly key: string,
    /** The object's size when known, for a `Content-Range: bytes *\/size` answer. */
    readonly size?: number,
  ) {
    super(
      size === undefined
        ? `The requested byte range of "${key}" is not valid.`
        : `The requested byte range lies outside "${key}", which is ${size} bytes long.`,
    );
    this.name = 'RangeNotSatisfiableError';
  }
}

export class InvalidKeyError extends Error {
  readonly code = 'invalid_key';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`The storage key "${key.replaceAll('\0', '\\0')}" is not valid: ${reason}.`);
    this.name = 'InvalidKeyError';
  }
}
