import type { INestApplication } from '@nestjs/common';
import { GUARDS_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { SchemaObject } from '@nestjs/swagger';

/** A pipe that checks a path parameter says what it accepts, for the OpenAPI document. */
export interface DocumentedPipe {
  openApiSchema: SchemaObject;
}

/** A guard that sets `X-RateLimit-Remaining` on the answers of the routes it guards. */
export interface RateLimitHeaderGuard {
  sendsRateLimitRemaining: true;
}

export interface RouteFacts {
  /** Path parameter name -> what its pipe accepts. */
  pathParams: Map<string, SchemaObject>;
  /** A guard of the route sets `X-RateLimit-Remaining`. */
  sendsRateLimitRemaining: boolean;
}

type Constructor = (new (...args: never[]) => object) & Partial<DocumentedPipe & RateLimitHeaderGuard>;
type RouteArg = { index: number; data?: unknown; pipes?: unknown[] };

/**
 * What the decorators of each route handler say that Swagger cannot see (the pipes
 * of its path parameters, its guards), keyed by Swagger's default operationId
 * (`Controller_method`), so the document is completed from the code, not by hand.
 */
export function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Constructor | null;
      if (!controller) continue;
      const classGuards = (Reflect.getMetadata(GUARDS_METADATA, controller) ?? []) as unknown[];
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        const guards = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[])];
        facts.set(`${controller.name}_${method}`, {
          pathParams: pathParamSchemas(controller, method),
          sendsRateLimitRemaining: guards.some((guard) => classOf(guard)?.sendsRateLimitRemaining === true),
        });
      }
    }
  }
  return facts;
}

function pathParamSchemas(controller: Constructor, method: string): Map<string, SchemaObject> {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArg>;
  const schemas = new Map<string, SchemaObject>();
  for (const [key, arg] of Object.entries(args)) {
    if (key.split(':')[0] !== String(RouteParamtypes.PARAM) || typeof arg.data !== 'string') continue;
    const schema = (arg.pipes ?? []).map((pipe) => classOf(pipe)?.openApiSchema).find(Boolean);
    if (schema) schemas.set(arg.data, schema);
  }
  return schemas;
}

/** Pipes and guards are given as classes or as instances. */
function classOf(value: unknown): Constructor | undefined {
  if (typeof value === 'function') return value as Constructor;
  if (value && typeof value === 'object') return value.constructor as Constructor;
  return undefined;
}
