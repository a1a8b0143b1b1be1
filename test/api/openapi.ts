// Reads the app's own OpenAPI document into a flat list of operations, so the cross-cutting API
// tests cover every route that exists — including routes added after these tests were written.
import type { FastifyInstance } from 'fastify';
import { createTestApp } from '../app';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: boolean | JsonSchema;
  nullable?: boolean;
  default?: unknown;
};

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. /api/v1/cases/{id} */
  path: string;
  /** `GET /api/v1/cases/{id}` */
  key: string;
  params: Param[];
  /** JSON body schema (null: no JSON body) */
  body: JsonSchema | null;
  /** the route takes multipart/form-data */
  multipart: boolean;
}

export interface ApiDoc {
  ops: Operation[];
  components: Record<string, JsonSchema>;
}

export async function readOpenApi(app: FastifyInstance): Promise<ApiDoc> {
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}`);
  const doc = res.json() as {
    paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const ops: Operation[] = [];
  for (const [p, byMethod] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(byMethod)) {
      const method = m.toUpperCase() as Operation['method'];
      const content = op.requestBody?.content ?? {};
      ops.push({
        method,
        path: p,
        key: `${method} ${p}`,
        params: op.parameters ?? [],
        body: content['application/json']?.schema ?? null,
        multipart: 'multipart/form-data' in content || /multipart/i.test(JSON.stringify(op)),
      });
    }
  }
  return { ops, components: doc.components?.schemas ?? {} };
}

/** Every operation, read once from a throwaway app on SQLite (the route set is the same on every engine). */
export async function readApiDoc(): Promise<ApiDoc> {
  const t = await createTestApp('sqlite');
  try {
    return await readOpenApi(t.app);
  } finally {
    await t.close();
  }
}

/** Resolves `#/components/schemas/X` references and single-element allOf wrappers. */
export function resolve(doc: ApiDoc, s: JsonSchema | undefined): JsonSchema {
  let cur = s ?? {};
  for (let i = 0; i < 10; i++) {
    if (cur.$ref) {
      const name = cur.$ref.replace('#/components/schemas/', '');
      cur = doc.components[name] ?? {};
    } else if (cur.allOf?.length === 1 && !cur.properties) cur = cur.allOf[0]!;
    else break;
  }
  return cur;
}

/** Fills `{name}` placeholders; values are URL-encoded unless `raw`. */
export function fillPath(path: string, values: Record<string, string>, raw = false): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = values[name] ?? 'x';
    if (raw) return v;
    try {
      return encodeURIComponent(v);
    } catch {
      // a lone surrogate cannot be percent-encoded: send it as the replacement character
      return encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'));
    }
  });
}
