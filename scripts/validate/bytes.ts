/**
 * Layer 1: from bytes to a JSON value. Size cap, UTF-8 (no BOM, no invalid sequences), strict
 * JSON (no duplicate keys, bounded nesting). Each failure is a problem with a line and column.
 */
import type { Problem } from '../core/problem.ts';
import { parseStrict, lineColumn } from '../core/json/strict-json.ts';

/** server.json is at most 256 KiB: the largest official document is under 20 KiB. */
export const MAX_SERVER_JSON_BYTES = 256 * 1024;
/** status.json and owners.json are small by nature. */
export const MAX_SMALL_JSON_BYTES = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type Decoded =
  | { text: string; value: unknown; problems: [] }
  | { text?: string; value?: undefined; problems: Problem[] };

export function decodeJson(bytes: Uint8Array, file: string, maxBytes: number): Decoded {
  const at = (rule: Problem['rule'], message: string, line?: number, column?: number): Decoded => ({
    problems: [{ rule, severity: 'error', file, jsonPath: '', ...(line ? { line, column } : {}), message }],
  });
  if (bytes.length > maxBytes) {
    return at(
      'file-too-large',
      `The file is ${bytes.length} bytes; the limit is ${maxBytes} bytes. Remove what the registry does not need (long descriptions belong in the README).`,
    );
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return at(
      'file-bom',
      'The file starts with a UTF-8 byte-order mark (EF BB BF). Save it as UTF-8 without BOM.',
      1,
      1,
    );
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const pos = lineColumn(prefix, prefix.length);
    return at(
      'file-encoding',
      `Invalid UTF-8 byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at byte ${bad}. Save the file as UTF-8.`,
      pos.line,
      pos.column,
    );
  }
  const parsed = parseStrict(text);
  if (!parsed.ok) {
    const { line, column } = lineColumn(text, parsed.error.offset);
    return {
      text,
      problems: [
        {
          rule: parsed.error.rule,
          severity: 'error',
          file,
          jsonPath: parsed.error.rule === 'json-duplicate-key' ? parsed.error.jsonPath : '',
          line,
          column,
          message: parsed.error.message,
        },
      ],
    };
  }
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    return {
      text,
      problems: [
        {
          rule: 'json-not-object',
          severity: 'error',
          file,
          jsonPath: '$',
          line: 1,
          column: 1,
          message: 'The document must be a JSON object ({ … }).',
        },
      ],
    };
  }
  return { text, value: parsed.value, problems: [] };
}

/** Offset of the first byte that breaks UTF-8 (the decoder only says that one does). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}
