type DtoClass = abstract new (...args: never[]) => object;
type Flat = Record<string, string | number | boolean | bigint | null | undefined>;

/**
 * Query strings a DTO class already accepted, by their text, with what they became: GET routes see
 * the same few (`?limit=50`, none at all) on every request, and validating one again (class-transformer,
 * class-validator) gives the same answer. Only inputs that passed are kept, and only results whose
 * fields are plain values, handed out as a fresh instance each time. Bounded per class: past
 * `capacity` the oldest goes first.
 */
export class ValidatedQueries {
  private readonly byClass = new Map<DtoClass, Map<string, Flat>>();

  constructor(private readonly capacity = 200) {}

  /** The text an input is known by (undefined: not a parsed query; never kept). */
  static keyOf(value: unknown): string | undefined {
    try {
      return typeof value === 'object' && value !== null ? JSON.stringify(value) : undefined;
    } catch {
      return undefined; // nothing a query string parses to; left to the full path
    }
  }

  /** A fresh copy of what the input known as `key` validated to before, or undefined. */
  get<T extends object>(metatype: DtoClass, key: string | undefined): T | undefined {
    const known = key === undefined ? undefined : this.byClass.get(metatype)?.get(key);
    return known && (Object.assign(Object.create(metatype.prototype as object) as T, known) as T);
  }

  /** Keeps what the input known as `key` validated to (when its fields are plain values); answers `result`. */
  remember<T extends object>(metatype: DtoClass, key: string | undefined, result: T): T {
    if (key === undefined || Object.getPrototypeOf(result) !== metatype.prototype || !isFlat(result)) return result;
    let known = this.byClass.get(metatype);
    if (!known) this.byClass.set(metatype, (known = new Map()));
    if (known.size >= this.capacity) known.delete(known.keys().next().value!);
    known.set(key, { ...result });
    return result;
  }
}

function isFlat(result: object): result is Flat {
  return Object.values(result).every((field) => field === null || (typeof field !== 'object' && typeof field !== 'function'));
}
