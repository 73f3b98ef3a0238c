import type { SchemaObject } from '@nestjs/swagger';

/**
 * The SCIM wire shapes as the OpenAPI document shows them. RFC 7643 is their one definition
 * (scimmy checks bodies against it, src/platform/scim/scim-input.ts); these say the attributes
 * Parley keeps (docs/scim.md) and the bounds it enforces.
 */
const str = (maxLength: number, description?: string): SchemaObject => ({ type: 'string', maxLength, ...(description ? { description } : {}) });
const schemas = (urn: string): SchemaObject => ({ type: 'array', maxItems: 4, items: { type: 'string', maxLength: 100 }, example: [urn] });
const meta: SchemaObject = {
  type: 'object',
  properties: {
    resourceType: { type: 'string' },
    created: { type: 'string', format: 'date-time' },
    lastModified: { type: 'string', format: 'date-time' },
    location: { type: 'string' },
    version: { type: 'string', description: 'The ETag.' },
  },
};

export const SCIM_USER: SchemaObject = {
  type: 'object',
  required: ['userName'],
  properties: {
    schemas: schemas('urn:ietf:params:scim:schemas:core:2.0:User'),
    id: { type: 'string', format: 'uuid', readOnly: true },
    externalId: str(255),
    userName: str(254, 'Unique per organization, case-insensitively (409 uniqueness).'),
    name: { type: 'object', properties: { givenName: str(150), familyName: str(150), formatted: str(301) } },
    displayName: str(150),
    emails: { type: 'array', maxItems: 10, items: { type: 'object', properties: { value: str(254), type: str(20), primary: { type: 'boolean' } } } },
    active: { type: 'boolean', description: 'false ends every login and socket at once; Entra ID\'s "True"/"False" strings are accepted.' },
    password: { type: 'string', maxLength: 1024, writeOnly: true, description: 'Sets the local password (optional).' },
    meta: { ...meta, readOnly: true },
  },
};

export const SCIM_GROUP: SchemaObject = {
  type: 'object',
  required: ['displayName'],
  properties: {
    schemas: schemas('urn:ietf:params:scim:schemas:core:2.0:Group'),
    id: { type: 'string', format: 'uuid', readOnly: true, description: "The room's id." },
    externalId: str(255),
    displayName: str(150, "The room's name."),
    members: {
      type: 'array',
      maxItems: 10000,
      items: { type: 'object', properties: { value: { type: 'string', format: 'uuid', maxLength: 36 }, display: str(150) } },
    },
    meta: { ...meta, readOnly: true },
  },
};

export const SCIM_PATCH: SchemaObject = {
  type: 'object',
  required: ['schemas', 'Operations'],
  properties: {
    schemas: schemas('urn:ietf:params:scim:api:messages:2.0:PatchOp'),
    Operations: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['op'],
        properties: {
          op: { type: 'string', enum: ['add', 'replace', 'remove', 'Add', 'Replace', 'Remove'] },
          path: str(1000),
          value: { description: 'A value, or (no path) an object of attribute paths and values.' },
        },
      },
    },
  },
};

export const scimList = (item: SchemaObject): SchemaObject => ({
  type: 'object',
  properties: {
    schemas: { type: 'array', items: { type: 'string' } },
    totalResults: { type: 'integer' },
    startIndex: { type: 'integer' },
    itemsPerPage: { type: 'integer' },
    Resources: { type: 'array', items: item },
  },
});

export const SCIM_ERROR: SchemaObject = {
  type: 'object',
  required: ['schemas', 'status'],
  properties: {
    schemas: { type: 'array', items: { type: 'string' }, example: ['urn:ietf:params:scim:api:messages:2.0:Error'] },
    status: { type: 'string', example: '404' },
    scimType: { type: 'string', example: 'invalidFilter' },
    detail: { type: 'string' },
  },
};

export const SCIM_DISCOVERY: SchemaObject = { type: 'object', additionalProperties: true, description: 'As RFC 7643 sections 5-7 define it.' };
