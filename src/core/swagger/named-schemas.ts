import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';

/**
 * Wire shapes written as JSON Schema rather than DTO classes (the SCIM resources, whose one
 * definition is an RFC), kept once in the document's components and referenced by name from
 * every route that uses them, as DTO classes are.
 */
const named = new Map<string, SchemaObject>();

/** Registers `schema` as `#/components/schemas/<name>` and answers the reference to it. */
export function namedSchema(name: string, schema: SchemaObject): SchemaObject {
  const known = named.get(name);
  if (known && JSON.stringify(known) !== JSON.stringify(schema)) throw new Error(`OpenAPI schema ${name} is defined twice, differently`);
  named.set(name, schema);
  return { $ref: `#/components/schemas/${name}` } as SchemaObject;
}

/** Adds every registered shape to the document's components. */
export function addNamedSchemas(document: OpenAPIObject): void {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...Object.fromEntries(named) } };
}
