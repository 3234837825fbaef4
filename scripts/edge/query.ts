/**
 * The official read API's query parameters, parsed and checked as the official registry does (huma v2 over
 * the Go handlers in internal/api/handlers/v0/servers.go): an empty value counts as absent; a parameter that
 * does not parse or is out of range is a 422 listing every such error; a bad `updated_since` or
 * `include_deleted=false` with `updated_since` is a 400. Pure; no Node.
 */

export interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: Array<{ message: string; location: string; value: unknown }>;
}

export interface ListQuery {
  limit: number;
  cursor?: string;
  /** Lower-cased search text (case-insensitive substring of name or description). */
  search?: string;
  /** An exact version; `latest` is `latestOnly` instead. */
  version?: string;
  latestOnly: boolean;
  /** Strictly later than this, in whole milliseconds rounded down (records are stored to the millisecond). */
  updatedSince?: number;
  includeDeleted: boolean;
}

export const DEFAULT_LIMIT = 30;
export const MAX_LIMIT = 100;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

export function problem(status: number, detail: string, errors?: Problem['errors']): Problem {
  return { status, title: TITLES[status] ?? 'Error', detail, ...(errors ? { errors } : {}) };
}

/** `GET …/servers`: the list parameters, or the problem the official registry answers with. */
export function parseListQuery(params: URLSearchParams): ListQuery | Problem {
  const errors: NonNullable<Problem['errors']> = [];
  const limit = intParam(params, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
  const includeDeleted = boolParam(params, 'include_deleted', errors);
  if (errors.length > 0) return problem(422, 'validation failed', errors);

  const since = nonEmpty(params, 'updated_since');
  let updatedSince: number | undefined;
  if (since !== undefined) {
    updatedSince = parseRfc3339(since);
    if (updatedSince === undefined)
      return problem(400, 'Invalid updated_since format: expected RFC3339 timestamp (e.g., 2025-08-07T13:15:04.280Z)');
    if (includeDeleted === false)
      return problem(
        400,
        'Cannot set include_deleted=false when using updated_since (incremental sync requires deleted servers)',
      );
  }
  const version = nonEmpty(params, 'version');
  const search = nonEmpty(params, 'search');
  const cursor = nonEmpty(params, 'cursor');
  return {
    limit: limit!,
    ...(cursor !== undefined ? { cursor } : {}),
    ...(search !== undefined ? { search: search.toLowerCase() } : {}),
    ...(version !== undefined && version !== 'latest' ? { version } : {}),
    latestOnly: version === 'latest',
    ...(updatedSince !== undefined ? { updatedSince } : {}),
    includeDeleted: updatedSince !== undefined ? true : (includeDeleted ?? false),
  };
}

/** `…/versions` and `…/versions/{v}`: `include_deleted` only (default false). */
export function parseIncludeDeleted(params: URLSearchParams): boolean | Problem {
  const errors: NonNullable<Problem['errors']> = [];
  const value = boolParam(params, 'include_deleted', errors);
  if (errors.length > 0) return problem(422, 'validation failed', errors);
  return value ?? false;
}

export function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && 'status' in x && 'detail' in x;
}

function nonEmpty(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  return v === null || v === '' ? undefined : v;
}

/** Go's strconv.ParseInt(v, 10, 64), then the schema's minimum and maximum. */
function intParam(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
  errors: NonNullable<Problem['errors']>,
): number | undefined {
  const raw = nonEmpty(params, name);
  if (raw === undefined) return fallback;
  if (!/^[+-]?[0-9]+$/.test(raw))
    return void errors.push({ message: 'invalid integer', location: `query.${name}`, value: raw });
  const big = BigInt(raw);
  if (big > 9223372036854775807n || big < -9223372036854775808n)
    return void errors.push({ message: 'invalid integer', location: `query.${name}`, value: raw });
  const value = Number(big);
  if (value < min) return void errors.push({ message: `expected number >= ${min}`, location: `query.${name}`, value });
  if (value > max) return void errors.push({ message: `expected number <= ${max}`, location: `query.${name}`, value });
  return value;
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool; undefined when absent. */
function boolParam(params: URLSearchParams, name: string, errors: NonNullable<Problem['errors']>): boolean | undefined {
  const raw = nonEmpty(params, name);
  if (raw === undefined) return undefined;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  errors.push({ message: 'invalid boolean', location: `query.${name}`, value: raw });
  return undefined;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Go's time.Parse(time.RFC3339, v): upper-case `T` and `Z`, optional fraction, numeric offset; fields in
 * range (the day within its month). Milliseconds since the epoch, rounded down.
 */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const fraction = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  return date.getTime() - offset + fraction;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
