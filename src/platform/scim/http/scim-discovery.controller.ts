import { All, Get } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { ScimError } from '../scim-error';
import { SCIM_RESOURCE_TYPE, SCIM_SCHEMA, SCIM_SERVICE_PROVIDER_CONFIG, scimList } from '../dto/scim-openapi';
import { resourceTypes, schemaDefinitions, serviceProviderConfig } from '../scim-discovery';
import { ScimAnswers } from './scim-docs';
import { ScimBase, ScimController } from './scim-request';

type Json = Record<string, unknown>;

/** What the service provider supports (RFC 7644 section 4), for the provisioning client to discover. */
@ScimController()
export class ScimDiscoveryController {
  /** Supported features: PATCH, filter (200 per page), ETags, password; no bulk, no sort. */
  @Get('ServiceProviderConfig')
  @ScimAnswers(200, SCIM_SERVICE_PROVIDER_CONFIG)
  config(@ScimBase() base: string): Json {
    return serviceProviderConfig(base);
  }

  /** The User and Group resource types. */
  @Get('ResourceTypes')
  @ScimAnswers(200, scimList(SCIM_RESOURCE_TYPE))
  resourceTypes(@ScimBase() base: string): Json {
    return resourceTypes(base);
  }

  /** The User and Group schemas (RFC 7643). */
  @Get('Schemas')
  @ScimAnswers(200, scimList(SCIM_SCHEMA))
  schemas(@ScimBase() base: string): Json {
    return schemaDefinitions(base);
  }

  /** Any other path or method under /scim/v2: a SCIM 404, not the REST API's. Registered last (ScimModule). */
  @All('{*path}')
  @ApiExcludeEndpoint()
  unknown(): never {
    throw new ScimError('not_found', 'No such SCIM endpoint.');
  }
}
