import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { getMetadataStorage } from 'class-validator';
import request, { type Test } from 'supertest';

// ajv-formats is CommonJS: its plugin is the module itself under Node's ESM loader, `.default` under ts-jest's.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;

type Json = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

interface Operation {
  key: string; // "GET /api/v1/rooms/{id}"
  method: Method;
  template: string;
  pattern: RegExp;
  params: number;
  operation: Json;
}

/**
 * The served OpenAPI document as a test oracle: every response that goes
 * through `client()` is validated against the schema documented for its route
 * and status (an undocumented status or field fails the test), and the
 * operations it saw are recorded so a spec can demand that every documented
 * route was exercised.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  private readonly operations: Operation[];
  private readonly validators = new Map<string, ValidateFunction>();
  readonly seen = new Map<string, Set<number>>();

  constructor(readonly document: Json) {
    addFormats(this.ajv);
    // OpenAPI annotations that are not JSON Schema validation keywords.
    this.ajv.addVocabulary(['components', 'example', 'xml', 'externalDocs', 'discriminator']);
    const components = (document.components as Json | undefined) ?? {};
    this.ajv.addSchema({ $id: 'openapi', components: { schemas: toJsonSchema(components.schemas ?? {}, true) } } as AnySchema);
    this.operations = Object.entries(document.paths as Record<string, Json>).flatMap(([template, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        key: `${method.toUpperCase()} ${template}`,
        method,
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
        params: (template.match(/\{/g) ?? []).length,
        operation: item[method] as Json,
      })),
    );
    // A literal segment wins over a parameter: /rooms/public before /rooms/{id}.
    this.operations.sort((a, b) => a.params - b.params);
  }

  get operationKeys(): string[] {
    return this.operations.map((op) => op.key);
  }

  /** A supertest client whose every response is checked against the document. */
  client(baseUrl: string): Record<Method, (path: string) => Test> {
    const http = request(baseUrl);
    const make = (method: Method) => (path: string) => http[method](path).expect((res) => this.check(method, path, res.status, res.body, res.text));
    return { get: make('get'), post: make('post'), put: make('put'), patch: make('patch'), delete: make('delete') };
  }

  /** Throws when the response is not the documented one for this route and status. */
  check(method: Method, url: string, status: number, body: unknown, text = ''): void {
    const path = url.split('?')[0];
    const op = this.operations.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document`);
    const responses = op.operation.responses as Record<string, Json>;
    const documented = this.resolve(responses[String(status)] ?? responses.default);
    if (!documented) {
      throw new Error(
        `${op.key} answered ${status}, which is not documented (documented: ${Object.keys(responses).join(', ')}); body ${text.slice(0, 300)}`,
      );
    }
    if (!this.seen.has(op.key)) this.seen.set(op.key, new Set());
    this.seen.get(op.key)!.add(status);
    const content = documented.content as Json | undefined;
    const schema = (content?.['application/json'] as Json | undefined)?.schema as Json | undefined;
    // A file download, documented under its own media type: its bytes are not JSON to validate.
    if (!schema && content && Object.keys(content).some((type) => type !== 'application/json')) return;
    if (!schema) {
      if (text !== '') throw new Error(`${op.key} ${status} documents no body but sent ${text.slice(0, 300)}`);
      return;
    }
    const validate = this.validatorFor(`${op.key} ${status}`, schema);
    if (!validate(body)) {
      throw new Error(
        `${op.key} ${status}: the body does not match its documented schema:\n${this.ajv.errorsText(validate.errors, { separator: '\n' })}\nbody: ${JSON.stringify(body).slice(0, 800)}`,
      );
    }
  }

  /** A shared answer (`$ref: #/components/responses/NotFound`) is the one it points at. */
  private resolve(response: Json | undefined): Json | undefined {
    const ref = response?.$ref;
    if (typeof ref !== 'string') return response;
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], this.document);
    if (!target) throw new Error(`${ref} is not in the OpenAPI document`);
    return target as Json;
  }

  private validatorFor(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema, true) as AnySchema);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/**
 * OpenAPI 3.0 schema -> JSON Schema for ajv: `nullable` becomes a null type,
 * refs point into the registered document, and (with `closed`) an object that
 * lists its properties admits no others, so an undocumented field fails.
 */
export function toJsonSchema(node: unknown, closed: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, closed));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/^#\//, 'openapi#/');
    else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([name, schema]) => [name, toJsonSchema(schema, closed)]));
    } else if (key !== 'nullable') out[key] = toJsonSchema(value, closed);
  }
  if (closed && out.properties && out.additionalProperties === undefined && !out.allOf && !out.anyOf && !out.oneOf) {
    out.additionalProperties = false;
  }
  if ((node as Json).nullable !== true) return out;
  if (typeof out.type === 'string' && !out.allOf && !out.$ref) {
    return { ...out, type: [out.type, 'null'], ...(Array.isArray(out.enum) ? { enum: [...out.enum, null] } : {}) };
  }
  const { description, ...rest } = out;
  return { ...(description ? { description } : {}), anyOf: [rest, { type: 'null' }] };
}

/** Paths (JSON pointers) of schemas that say nothing: `{}` or an object without properties. */
export function emptySchemas(document: Json): string[] {
  const found: string[] = [];
  const visit = (node: unknown, pointer: string, isSchema: boolean): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${pointer}/${i}`, isSchema));
    if (node === null || typeof node !== 'object') return;
    const obj = node as Json;
    if (isSchema && saysNothing(obj)) found.push(pointer || '/');
    for (const [key, value] of Object.entries(obj)) {
      const childIsSchema = SCHEMA_KEYS.has(key) || (isSchema && SCHEMA_LIST_KEYS.has(key));
      if (key === 'properties' || (key === 'schemas' && pointer === '/components')) {
        for (const [name, schema] of Object.entries(value as Json)) visit(schema, `${pointer}/${key}/${name}`, true);
      } else if (key !== 'example' && key !== 'examples') {
        visit(value, `${pointer}/${key}`, childIsSchema);
      }
    }
  };
  visit(document, '', false);
  return found;
}

const SCHEMA_KEYS = new Set(['schema', 'items', 'additionalProperties', 'not']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf']);

function saysNothing(schema: Json): boolean {
  if (schema.$ref || schema.allOf || schema.anyOf || schema.oneOf || schema.enum) return false;
  if (schema.type === undefined) return true;
  if (schema.type !== 'object') return false;
  const properties = Object.keys((schema.properties as Json | undefined) ?? {});
  return properties.length === 0 && (schema.additionalProperties === undefined || schema.additionalProperties === false);
}

/**
 * The query parameters each route handler reads, from Nest's own metadata:
 * `@Query('name')` arguments and the validated properties of `@Query() dto`
 * classes, keyed by the operationId Swagger gives the handler.
 */
export function queryParametersOfHandlers(app: INestApplication): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const storage = getMetadataStorage();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { index: number; data?: unknown }>;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as Function[];
        const names = Object.entries(args)
          .filter(([key]) => key.split(':')[0] === String(RouteParamtypes.QUERY))
          .flatMap(([, arg]) =>
            typeof arg.data === 'string'
              ? [arg.data]
              : storage.getTargetValidationMetadatas(types[arg.index], '', true, false).map((m) => m.propertyName),
          );
        if (names.length) result.set(`${controller.name}_${method}`, [...new Set(names)]);
      }
    }
  }
  return result;
}
