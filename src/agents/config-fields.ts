// Parsing a controller's hyper-parameters from experiment JSON or CLI flags (unknown) into its typed config:
// every field has a parser, unknown fields are refused, and each error is one line naming the field and value.
import { ControllerConfigError } from './errors.js';

/** Parses one field's value; `field` is its full name for messages (e.g. `isac.batchSize`). */
export type FieldParser<T> = (value: unknown, field: string) => T;

export type FieldParsers<C> = { readonly [K in keyof C]-?: FieldParser<C[K]> };

/** `defaults` with the fields of `raw` (undefined or null = all defaults) parsed over them. */
export function parseFields<C extends object>(raw: unknown, where: string, defaults: C, parsers: FieldParsers<C>): C {
  if (raw === undefined || raw === null) return { ...defaults };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ControllerConfigError(where, 'must be an object of hyper-parameters', raw);
  const out: C = { ...defaults };
  for (const [key, value] of Object.entries(raw)) {
    if (!isField(parsers, key)) throw new ControllerConfigError(`${where}.${key}`, `is not a hyper-parameter of ${where} (known: ${Object.keys(parsers).join(', ')})`, value);
    setField(out, key, parsers[key], value, `${where}.${key}`);
  }
  return out;
}

function isField<C extends object>(parsers: FieldParsers<C>, key: string): key is Extract<keyof C, string> {
  return Object.hasOwn(parsers, key);
}

function setField<C, K extends keyof C>(out: C, key: K, parser: FieldParser<C[K]>, value: unknown, field: string): void {
  out[key] = parser(value, field);
}

export const positiveInt: FieldParser<number> = (value, field) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ControllerConfigError(field, 'must be a positive integer', value);
  return value;
};

export const nonNegativeInt: FieldParser<number> = (value, field) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ControllerConfigError(field, 'must be a non-negative integer', value);
  return value;
};

export const positiveNumber: FieldParser<number> = (value, field) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ControllerConfigError(field, 'must be a positive number', value);
  return value;
};

export const trueOrFalse: FieldParser<boolean> = (value, field) => {
  if (typeof value !== 'boolean') throw new ControllerConfigError(field, 'must be true or false', value);
  return value;
};

export const finiteNumber: FieldParser<number> = (value, field) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ControllerConfigError(field, 'must be a number', value);
  return value;
};

/** A number in [low, high] (or (low, high] with `openLow`). */
export function numberIn(low: number, high: number, openLow = false): FieldParser<number> {
  const range = `${openLow ? '(' : '['}${low}, ${high}]`;
  return (value, field) => {
    if (typeof value !== 'number' || !(openLow ? value > low : value >= low) || !(value <= high)) throw new ControllerConfigError(field, `must be a number in ${range}`, value);
    return value;
  };
}

export function oneOf<T extends string>(choices: readonly T[]): FieldParser<T> {
  return (value, field) => {
    const match = choices.find((c) => c === value);
    if (match === undefined) throw new ControllerConfigError(field, `must be one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
    return match;
  };
}

export function oneOfNumbers<T extends number>(choices: readonly T[]): FieldParser<T> {
  return (value, field) => {
    const match = choices.find((c) => c === value);
    if (match === undefined) throw new ControllerConfigError(field, `must be one of ${choices.join(', ')}`, value);
    return match;
  };
}

export function listOf<T>(item: FieldParser<T>, nonEmpty = false): FieldParser<readonly T[]> {
  return (value, field) => {
    if (!Array.isArray(value) || (nonEmpty && value.length === 0)) throw new ControllerConfigError(field, `must be a ${nonEmpty ? 'non-empty ' : ''}list`, value);
    return value.map((v: unknown, i) => item(v, `${field}[${i}]`));
  };
}

/** `a` or `b`: tries `a`, then `b`; the error of `b` names both. */
export function either<A, B>(a: FieldParser<A>, b: FieldParser<B>, what: string): FieldParser<A | B> {
  return (value, field) => {
    try {
      return a(value, field);
    } catch {
      try {
        return b(value, field);
      } catch {
        throw new ControllerConfigError(field, `must be ${what}`, value);
      }
    }
  };
}

export const nullValue: FieldParser<null> = (value, field) => {
  if (value !== null) throw new ControllerConfigError(field, 'must be null', value);
  return null;
};
