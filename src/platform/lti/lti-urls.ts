import type { Request } from 'express';
import { API_PREFIX_PATH } from './lti-constants';
import { LtiToolConfigResponse } from './dto/lti.response';

/** The tool's URLs for one organization, on the address the request came in at (TRUST_PROXY honoured). */
export class LtiUrls {
  constructor(
    readonly base: string,
    readonly organizationId: string,
  ) {}

  static of(req: Request, organizationId: string): LtiUrls {
    return new LtiUrls(`${req.protocol}://${req.get('host') ?? 'localhost'}`, organizationId);
  }

  private at(path: string): string {
    return `${this.base}${API_PREFIX_PATH}/lti/${this.organizationId}/${path}`;
  }

  get login(): string {
    return this.at('login');
  }
  get launch(): string {
    return this.at('launch');
  }
  get jwks(): string {
    return this.at('jwks');
  }
  get register(): string {
    return this.at('register');
  }
  get deepLinking(): string {
    return this.at('deep-linking');
  }

  tool(): LtiToolConfigResponse {
    return { login_url: this.login, launch_url: this.launch, jwks_url: this.jwks, domain: new URL(this.base).host, scopes: [NRPS_SCOPE] };
  }
}

export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
