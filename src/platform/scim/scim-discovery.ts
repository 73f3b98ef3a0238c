import SCIMMY from 'scimmy';
import { LIST_SCHEMA, MAX_RESULTS } from './scim-input';

type Json = Record<string, unknown>;

/** RFC 7643 section 5: what this service provider supports (docs/scim.md). */
export function serviceProviderConfig(base: string): Json {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: 'docs/scim.md',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: true },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'API key',
        description: 'Authorization: Bearer pk_... (a Parley API key with the scim scope).',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

/** RFC 7643 section 6: the User and Group resource types, as scimmy describes them. */
export function resourceTypes(base: string): Json {
  const types = [SCIMMY.Resources.User, SCIMMY.Resources.Group].map((resource) => {
    const described = resource.describe() as Json;
    return {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      ...described,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${String(described.id)}` },
    };
  });
  return { schemas: [LIST_SCHEMA], totalResults: types.length, startIndex: 1, itemsPerPage: types.length, Resources: types };
}

/** RFC 7643 section 7: the User and Group schemas, scimmy's definitions of RFC 7643 section 8.7.1. */
export function schemaDefinitions(base: string): Json {
  const defs = [SCIMMY.Schemas.User, SCIMMY.Schemas.Group].map((schema) => {
    const described = schema.definition.describe() as Json;
    return { ...described, meta: { resourceType: 'Schema', location: `${base}/Schemas/${String(described.id)}` } };
  });
  return { schemas: [LIST_SCHEMA], totalResults: defs.length, startIndex: 1, itemsPerPage: defs.length, Resources: defs };
}
