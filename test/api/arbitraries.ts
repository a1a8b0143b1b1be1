// Property generators for hostile API input, driven by each route's own OpenAPI schema: mostly
// plausible values (so a request gets past the first field and reaches deeper checks and the
// database), mixed with wrong types, missing fields, huge and odd strings, `__proto__` keys,
// extreme numbers, bad ids, path traversal, and SQL / FTS metacharacters.
import fc from 'fast-check';
import { fillPath, resolve, type ApiDoc, type JsonSchema, type Operation } from './openapi';

/** Marks a key that becomes the literal `"__proto__"` in the JSON text (a JS object literal cannot hold it). */
const PROTO_MARK = '__wenze_fuzz_proto_mark__';

export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   padded   ',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '%00',
  'nul\u0000byte',
  '\u0000',
  "' OR '1'='1",
  "'; DROP TABLE cases; --",
  '" OR ""="',
  '1; SELECT pg_sleep(0)',
  '*',
  'a* OR b*',
  'NEAR(a b, 2)',
  '"unterminated',
  '^start',
  'col:term',
  '(((',
  'AND OR NOT',
  '\\',
  '%',
  '_',
  '😀🧨',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '𠮷野家',
  '\ud800',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  'null',
  'undefined',
  'true',
  '-1',
  '1e309',
  'NaN',
  '2025-02-30',
  '0000-00-00',
  '9999-99-99',
  '2025-13-01',
  '1900-01-01',
  '2100-12-31',
  '2025-9-1',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  '\r\n\t',
  '举报人张三 电话 13800000000',
];

const HUGE = ['x'.repeat(70_000), '字'.repeat(20_000), `${'a'.repeat(5000)}' OR 1=1 --`];

const EXTREME_NUMBERS = [-1, 0, 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 0.5, -0.000001, 1e-300, 99999999999];

/** A value of any type that a field should refuse (or at least survive). */
export function nastyValue(ids: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
    { weight: 2, arbitrary: fc.constantFrom(...EXTREME_NUMBERS) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: true }) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom([], {}, [null], [''], { [PROTO_MARK]: { isAdmin: true } }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 2, arbitrary: ids.length ? fc.constantFrom(...ids) : fc.constant('NO-SUCH-ID') },
  );
}

const DATES = ['2025-09-01', '2025-09-02', '2025-08-15', '2025-10-08', '2024-12-31', '2025-02-30', '2025-9-01', '9999-12-31', '0001-01-01'];

/** Values that follow the schema (sometimes just inside or on its limits). */
function plausible(doc: ApiDoc, raw: JsonSchema | undefined, name: string, ids: readonly string[], depth: number, hostile = true): fc.Arbitrary<unknown> {
  const s = resolve(doc, raw);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => valueFor(doc, a, name, ids, depth, hostile)));
  if (s.allOf?.length) return valueFor(doc, s.allOf[0], name, ids, depth, hostile);
  const type = Array.isArray(s.type) ? (s.type.find((x) => x !== 'null') ?? 'null') : s.type;
  switch (type) {
    case 'string': {
      if (/id$/i.test(name) && ids.length) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constant('NO-SUCH-ID') });
      if (s.pattern?.includes('\\d{4}') || s.format === 'date' || /On$|Date$|^date$|^start$|^on$/.test(name)) return fc.constantFrom(...DATES);
      const max = Math.min(s.maxLength ?? 40, 40);
      const min = Math.min(s.minLength ?? 0, max);
      return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.string({ unit: 'grapheme', minLength: min, maxLength: max }), fc.constantFrom('执法人员', '巴南区住房和城乡建设委员会', '罚款'));
    }
    case 'integer':
    case 'number': {
      const lo = Math.max(s.minimum ?? -1000, -1000);
      const hi = Math.min(s.maximum ?? 1000, Math.max(lo, 1000));
      // versions of real records are small: aim at them so optimistic-locking paths get exercised
      if (/version/i.test(name)) return fc.integer({ min: Math.max(lo, 0), max: Math.max(lo, 0) + 12 });
      const edges = [s.minimum, s.maximum].filter((x): x is number => typeof x === 'number');
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: lo, max: Math.min(hi, lo + 30) }) },
        { weight: 1, arbitrary: fc.integer({ min: lo, max: hi }) },
        { weight: 1, arbitrary: edges.length ? fc.constantFrom(...edges) : fc.constant(0) },
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const max = Math.min(s.maxItems ?? 3, 3);
      return fc.array(valueFor(doc, s.items, name, ids, depth + 1, hostile), { minLength: Math.min(s.minItems ?? 0, max), maxLength: max });
    }
    case 'object':
    default: {
      if (!s.properties) return type === 'object' ? fc.dictionary(fc.string({ maxLength: 8 }), hostile ? nastyValue(ids) : fc.string({ maxLength: 8 }), { maxKeys: 3 }) : hostile ? nastyValue(ids) : fc.constant(null);
      return objectFor(doc, s, ids, depth, hostile);
    }
  }
}

function objectFor(doc: ApiDoc, s: JsonSchema, ids: readonly string[], depth: number, hostile: boolean): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of props) model[k] = valueFor(doc, v, k, ids, depth + 1, hostile);
  const extras = fc.dictionary(fc.constantFrom(PROTO_MARK, 'constructor', 'prototype', 'isAdmin', 'roles', 'id', 'version', 'createdAt', 'deleted'), nastyValue(ids), { maxKeys: 2 });
  return fc
    .tuple(
      fc.record(model, { requiredKeys: [] }),
      // which required keys to keep: usually all, sometimes one or more go missing
      fc.array(fc.boolean(), { minLength: props.length, maxLength: props.length }),
      hostile ? fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extras }) : fc.constant({}),
      fc.integer({ min: hostile ? 0 : 1, max: 9 }),
    )
    .map(([rec, drops, extra, dice]) => {
      const out: Record<string, unknown> = { ...rec };
      // now and then several fields go missing at once
      props.forEach(([k], i) => {
        if (dice === 0 && drops[i]) delete out[k];
      });
      return Object.assign(out, extra);
    })
    // required keys left out are filled back (plausibly) most of the time
    .chain((o) => {
      const missing = [...required].filter((k) => !(k in o) && model[k]);
      if (!missing.length) return fc.constant(o);
      return fc.tuple(...missing.map((k) => model[k]!), fc.integer({ min: hostile ? 0 : 1, max: 5 })).map((vals) => {
        const dice = vals.pop() as number;
        if (dice === 0) return o; // leave them missing
        const filled = { ...o };
        missing.forEach((k, i) => (filled[k] = vals[i]));
        return filled;
      });
    });
}

/**
 * Mostly plausible, sometimes hostile. With `hostile = false` every value follows the schema
 * (a request that passes validation and reaches the service's own checks and the database).
 */
export function valueFor(doc: ApiDoc, s: JsonSchema | undefined, name: string, ids: readonly string[], depth = 0, hostile = true): fc.Arbitrary<unknown> {
  if (depth > 5) return hostile ? nastyValue(ids) : fc.constant(null);
  if (!hostile) return plausible(doc, s, name, ids, depth, false);
  return fc.oneof({ weight: 5, arbitrary: plausible(doc, s, name, ids, depth) }, { weight: 1, arbitrary: nastyValue(ids) });
}

/** JSON text of a value, with the `__proto__` marker turned into a real `"__proto__"` key. */
export function toJsonText(v: unknown): string {
  return (JSON.stringify(v) ?? 'null').split(JSON.stringify(PROTO_MARK)).join('"__proto__"');
}

const PATH_NASTY = ['..', '../..', '../../openapi.json', '%2e%2e%2f', '..%2F..%2Fetc%2Fpasswd', '%', '%zz', '%00', "1' OR '1'='1", '*', 'NEAR(a)', '😀', '𠮷', ' ', 'x'.repeat(3000), '-1', '0', '1e309', 'null', '__proto__', 'constructor'];

export interface FuzzRequest {
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

function primitiveText(v: unknown): string {
  return typeof v === 'string' ? v : toJsonText(v);
}

function multipartBody(fields: [string, string][], file: { name: string; type: string; content: Buffer } | null): { boundary: string; body: Buffer } {
  const boundary = `----wenzefuzz${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/"/g, '')}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name.replace(/"/g, '')}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { boundary, body: Buffer.concat(parts) };
}

const MULTIPART_FIELDS = ['expectedVersion', 'kind', 'title', 'source', 'collectedOn', 'description', 'textContent', 'supersedesId', 'correctionReason', 'mode'];

/** A whole hostile request for one operation: path params, query string, headers and body. */
export function requestFor(doc: ApiDoc, op: Operation, ids: readonly string[], pathPool: (op: Operation, param: string) => readonly string[] = () => ids): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const pathArb = fc.record(
    Object.fromEntries(
      pathParams.map((p) => [
        p.name,
        fc.oneof(
          { weight: 4, arbitrary: pathPool(op, p.name).length ? fc.constantFrom(...pathPool(op, p.name)) : plausible(doc, p.schema, p.name, ids, 1).map(primitiveText) },
          { weight: 1, arbitrary: plausible(doc, p.schema, p.name === 'id' || p.name.endsWith('Id') ? 'id' : p.name, ids, 1).map(primitiveText) },
          { weight: 2, arbitrary: fc.constantFrom(...PATH_NASTY) },
          { weight: 1, arbitrary: nastyValue(ids).map(primitiveText) },
        ),
      ]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const queryArb = fc.record(
    Object.fromEntries(queryParams.map((p) => [p.name, fc.oneof({ weight: 3, arbitrary: valueFor(doc, p.schema, p.name, ids, 1) }, { weight: 1, arbitrary: fc.array(nastyValue(ids), { minLength: 2, maxLength: 3 }) })])),
    { requiredKeys: [] },
  );
  const bodyArb: fc.Arbitrary<{ payload?: string | Buffer; contentType?: string }> = op.multipart
    ? fc
        .tuple(
          fc.array(fc.tuple(fc.constantFrom(...MULTIPART_FIELDS), nastyValue(ids).map(primitiveText)), { maxLength: 6 }),
          fc.option(fc.record({ name: fc.constantFrom('a.pdf', '../../evil.sh', '证据.xlsx', '', 'x'.repeat(300)), type: fc.constantFrom('application/pdf', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), content: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) })),
          fc.boolean(),
        )
        .map(([fields, file, asJson]) => {
          if (asJson) return { payload: toJsonText(Object.fromEntries(fields)), contentType: 'application/json' };
          const m = multipartBody(fields, file);
          return { payload: m.body, contentType: `multipart/form-data; boundary=${m.boundary}` };
        })
    : op.body
      ? fc.oneof(
          { weight: 8, arbitrary: valueFor(doc, op.body, 'body', ids).map((v) => ({ payload: toJsonText(v), contentType: 'application/json' })) },
          { weight: 5, arbitrary: valueFor(doc, op.body, 'body', ids, 0, false).map((v) => ({ payload: toJsonText(v), contentType: 'application/json' })) },
          { weight: 1, arbitrary: fc.constantFrom('{"a":', '{', 'not json', '[1,2', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}').map((p) => ({ payload: p, contentType: 'application/json' })) },
          { weight: 1, arbitrary: fc.constant({ payload: 'name=x', contentType: 'application/x-www-form-urlencoded' }) },
          { weight: 1, arbitrary: fc.constant({}) },
        )
      : op.method === 'GET'
        ? fc.constant({})
        : fc.oneof(fc.constant({}), nastyValue(ids).map((v) => ({ payload: toJsonText(v), contentType: 'application/json' })));
  return fc.tuple(pathArb, queryArb, bodyArb, fc.integer({ min: 0, max: 9 })).map(([pp, q, b, dice]) => {
    // Now and then a traversal goes into the path unencoded, as a hostile client would send it.
    const path = fillPath(op.path, pp, dice === 0);
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) qs.append(k, primitiveText(x));
      else qs.append(k, primitiveText(v));
    }
    const query = qs.toString();
    const headers: Record<string, string> = {};
    if (b.contentType) headers['content-type'] = b.contentType;
    return { method: op.method, url: query ? `${path}?${query}` : path, headers, ...(b.payload !== undefined ? { payload: b.payload } : {}) };
  });
}

/**
 * Hostile multipart bodies (等保2.0 入侵防范, docs/security-hardening.md): malformed and missing
 * boundaries, truncated bodies, parts without headers, huge declared sizes, several files, odd
 * field names and file names, oversize files (past the app's upload limit), wrong content types.
 * `fields` gives plausible leading fields (e.g. a live expectedVersion) so some requests get past
 * the checks made before the file and into streaming.
 */
export function hostileMultipart(ids: readonly string[], fields: () => [string, string][], maxFileBytes: number): fc.Arbitrary<{ payload: Buffer | string; contentType: string; declaredLength?: string }> {
  const b = 'hostileB0undary';
  const field = (k: string, v: string): string => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  const filePart = (name: string, content: Buffer, extra = ''): Buffer =>
    Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n${extra}\r\n`), content, Buffer.from('\r\n')]);
  const lead = (): string => fields().map(([k, v]) => field(k, v)).join('');
  const text = nastyValue(ids).map(primitiveText);
  const size = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: maxFileBytes - 2, max: maxFileBytes + 2048 }));
  const bytes = size.map((n) => Buffer.alloc(n, 0x41));
  const mp = `multipart/form-data; boundary=${b}`;
  return fc.oneof(
    // a well-formed upload with hostile fields after the live ones, small or just past the limit
    fc.tuple(fc.array(fc.tuple(fc.constantFrom(...MULTIPART_FIELDS, '__proto__', 'constructor', 'a'.repeat(300), ''), text), { maxLength: 5 }), bytes, fc.constantFrom('a.pdf', '../../etc/passwd', '证据.pdf', '', 'x'.repeat(400), 'a\u0001b', 'a"b.pdf')).map(([fs, content, name]) => ({
      payload: Buffer.concat([Buffer.from(lead() + fs.map(([k, v]) => field(k, v)).join('')), filePart(name, content), Buffer.from(`--${b}--\r\n`)]),
      contentType: mp,
    })),
    // truncated anywhere
    fc.tuple(bytes, fc.double({ min: 0, max: 1, noNaN: true })).map(([content, cut]) => {
      const whole = Buffer.concat([Buffer.from(lead()), filePart('t.bin', content), Buffer.from(`--${b}--\r\n`)]);
      return { payload: whole.subarray(0, Math.floor(whole.length * cut)), contentType: mp };
    }),
    // two files, a part without headers, a header without its blank line, garbage between parts
    fc.constantFrom(
      () => Buffer.concat([Buffer.from(lead()), filePart('1.bin', Buffer.from('one')), filePart('2.bin', Buffer.from('two')), Buffer.from(`--${b}--\r\n`)]),
      () => Buffer.from(`${lead()}--${b}\r\n\r\nheaderless\r\n--${b}--\r\n`),
      () => Buffer.from(`${lead()}--${b}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\nno blank line`),
      () => Buffer.from(`garbage before${lead()}--${b}--\r\n`),
      () => Buffer.from(`${lead()}--${b}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''%E8%AF%81.pdf\r\n\r\nx\r\n--${b}--\r\n`),
      () => Buffer.from(`${lead()}--${b}\r\nContent-Disposition: attachment\r\n\r\nx\r\n--${b}--\r\n`),
      () => Buffer.from(`${lead()}--${b}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${b}--\r\n`),
      () => Buffer.from(`--${b}--\r\n`),
      () => Buffer.alloc(0),
    ).map((f) => ({ payload: f(), contentType: mp })),
    // a huge size declared in the part headers, a body declaring one boundary and using another
    fc.tuple(fc.constantFrom('Content-Length: 99999999999\r\n', 'Content-Length: -1\r\n', 'Content-Transfer-Encoding: base64\r\n', `Content-Type: multipart/mixed; boundary=${'z'.repeat(70)}\r\n`)).map(([extra]) => ({
      payload: Buffer.concat([Buffer.from(lead()), filePart('d.bin', Buffer.from('declared'), extra), Buffer.from(`--${b}--\r\n`)]),
      contentType: mp,
    })),
    // malformed or missing boundary parameters, wrong content types
    fc.constantFrom(
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; boundary=""',
      `multipart/form-data; boundary=${'b'.repeat(71)}`,
      'multipart/form-data; boundary="unterminated',
      'multipart/form-data; boundary=other',
      'multipart/mixed; boundary=hostileB0undary',
      'multipart/form-data; charset=utf-16; boundary=hostileB0undary',
      'application/octet-stream',
      'text/plain',
      'application/json',
      'image/png',
    ).map((contentType) => ({ payload: Buffer.from(`${lead()}--${b}\r\nContent-Disposition: form-data; name="file"; filename="w.bin"\r\n\r\nwrong type\r\n--${b}--\r\n`), contentType })),
  );
}
