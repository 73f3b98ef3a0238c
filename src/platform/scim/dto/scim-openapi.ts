import type { SchemaObject } from '@nestjs/swagger';
import { namedSchema } from '../../../core/swagger/named-schemas';

/**
 * The SCIM wire shapes as the OpenAPI document shows them. RFC 7643 is their one definition
 * (scimmy checks bodies against it, src/platform/scim/scim-input.ts); these say the attributes
 * Parley keeps (docs/scim.md) and the bounds it enforces. Request bodies are open: a client's
 * other attributes (an enterprise extension, roles) are accepted and not kept.
 */
const str = (maxLength: number, description?: string): SchemaObject => ({ type: 'string', maxLength, ...(description ? { description } : {}) });
const text: SchemaObject = { type: 'string' };
const count: SchemaObject = { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 };
const schemas = (urn: string): SchemaObject => ({ type: 'array', maxItems: 4, items: { type: 'string', maxLength: 100 }, example: [urn] });
const meta: SchemaObject = {
  type: 'object',
  properties: {
    resourceType: text,
    created: { type: 'string', format: 'date-time' },
    lastModified: { type: 'string', format: 'date-time' },
    location: text,
    version: { type: 'string', description: 'The ETag (If-Match).' },
  },
};
const uuid: SchemaObject = { type: 'string', format: 'uuid' };

const userAttributes = {
  externalId: str(255),
  userName: str(254, 'Unique per organization, case-insensitively (409 uniqueness).'),
  name: { type: 'object', properties: { givenName: str(150), familyName: str(150), formatted: str(301) } } as SchemaObject,
  displayName: str(150),
  emails: {
    type: 'array',
    maxItems: 10,
    items: { type: 'object', properties: { value: str(254), type: str(20), primary: { type: 'boolean' } } },
  } as SchemaObject,
  active: {
    type: 'boolean',
    description: 'false ends every login and socket at once; Entra ID\'s "True"/"False" strings are accepted.',
  } as SchemaObject,
};

export const SCIM_USER_BODY: SchemaObject = namedSchema('ScimUserBody', {
  type: 'object',
  required: ['userName'],
  additionalProperties: true,
  properties: {
    schemas: schemas('urn:ietf:params:scim:schemas:core:2.0:User'),
    ...userAttributes,
    password: { type: 'string', maxLength: 1024, description: 'Sets the local password (optional, never returned).' },
  },
});

export const SCIM_USER: SchemaObject = namedSchema('ScimUser', {
  type: 'object',
  required: ['schemas', 'id', 'userName', 'active', 'meta'],
  properties: { schemas: { type: 'array', items: text }, id: uuid, ...userAttributes, meta },
});

const memberBody: SchemaObject = { type: 'object', additionalProperties: true, properties: { value: { ...uuid, maxLength: 36 }, display: str(150) } };

export const SCIM_GROUP_BODY: SchemaObject = namedSchema('ScimGroupBody', {
  type: 'object',
  required: ['displayName'],
  additionalProperties: true,
  properties: {
    schemas: schemas('urn:ietf:params:scim:schemas:core:2.0:Group'),
    externalId: str(255),
    displayName: str(150, "The room's name."),
    members: { type: 'array', maxItems: 10000, items: memberBody },
  },
});

export const SCIM_GROUP: SchemaObject = namedSchema('ScimGroup', {
  type: 'object',
  required: ['schemas', 'id', 'displayName', 'meta'],
  properties: {
    schemas: { type: 'array', items: text },
    id: { ...uuid, description: "The room's id." },
    externalId: text,
    displayName: text,
    members: {
      type: 'array',
      description: 'Left out with excludedAttributes=members.',
      items: { type: 'object', properties: { value: uuid, display: text, type: text } },
    },
    meta,
  },
});

export const SCIM_PATCH: SchemaObject = namedSchema('ScimPatch', {
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
          value: {
            description: 'A value for the path, or (no path, Entra ID) an object of attribute paths and values.',
            anyOf: [
              { type: 'string', maxLength: 1024 },
              { type: 'boolean' },
              { type: 'array', maxItems: 10000, items: memberBody },
              { type: 'object', additionalProperties: true, properties: { active: { type: 'boolean' }, displayName: str(150) } },
            ],
          },
        },
      },
    },
  },
});

/** A list answer of `item`, named `<name>List` (the item is a named schema). */
export const scimList = (item: SchemaObject): SchemaObject =>
  namedSchema(`${(item as { $ref: string }).$ref.split('/').pop()}List`, {
    type: 'object',
    required: ['schemas', 'totalResults', 'Resources'],
    properties: {
      schemas: { type: 'array', items: text },
      totalResults: count,
      startIndex: count,
      itemsPerPage: count,
      Resources: { type: 'array', items: item },
    },
  });

export const SCIM_ERROR: SchemaObject = namedSchema('ScimError', {
  type: 'object',
  required: ['schemas', 'status'],
  properties: {
    schemas: { type: 'array', items: text, example: ['urn:ietf:params:scim:api:messages:2.0:Error'] },
    status: { type: 'string', example: '404' },
    scimType: { type: 'string', example: 'invalidFilter' },
    detail: text,
  },
});

const supported: SchemaObject = { type: 'object', properties: { supported: { type: 'boolean' } } };

export const SCIM_SERVICE_PROVIDER_CONFIG: SchemaObject = namedSchema('ScimServiceProviderConfig', {
  type: 'object',
  properties: {
    schemas: { type: 'array', items: text },
    documentationUri: text,
    patch: supported,
    bulk: { type: 'object', properties: { supported: { type: 'boolean' }, maxOperations: count, maxPayloadSize: count } },
    filter: { type: 'object', properties: { supported: { type: 'boolean' }, maxResults: count } },
    changePassword: supported,
    sort: supported,
    etag: supported,
    authenticationSchemes: {
      type: 'array',
      items: { type: 'object', properties: { type: text, name: text, description: text, primary: { type: 'boolean' } } },
    },
    meta: { type: 'object', properties: { resourceType: text, location: text } },
  },
});

const discoveryMeta: SchemaObject = { type: 'object', properties: { resourceType: text, location: text } };

export const SCIM_RESOURCE_TYPE: SchemaObject = namedSchema('ScimResourceType', {
  type: 'object',
  additionalProperties: true,
  properties: { schemas: { type: 'array', items: text }, id: text, name: text, endpoint: text, description: text, schema: text, meta: discoveryMeta },
});

export const SCIM_SCHEMA: SchemaObject = namedSchema('ScimSchema', {
  type: 'object',
  additionalProperties: true,
  properties: {
    schemas: { type: 'array', items: text },
    id: text,
    name: text,
    description: text,
    attributes: { type: 'array', items: { type: 'object', additionalProperties: true, properties: { name: text, type: text } } },
    meta: discoveryMeta,
  },
});
