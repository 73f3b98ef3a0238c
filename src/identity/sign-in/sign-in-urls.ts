import type { Request } from 'express';
import { requestUrl } from '../../core/http/request-url';

/** Parley's addresses for an organization's sign-in, as the browser reaches Parley (behind a proxy: TRUST_PROXY). */
export class SignInUrls {
  constructor(
    readonly origin: string,
    readonly slug: string,
  ) {}

  static of(req: Request, slug: string): SignInUrls {
    return new SignInUrls(requestUrl(req).origin, slug);
  }

  private route(protocol: 'oidc' | 'saml', action: string): string {
    return `${this.origin}/api/v1/auth/${protocol}/${encodeURIComponent(this.slug)}/${action}`;
  }

  get oidcLogin() {
    return this.route('oidc', 'login');
  }
  get oidcCallback() {
    return this.route('oidc', 'callback');
  }
  get oidcBackchannelLogout() {
    return this.route('oidc', 'backchannel-logout');
  }
  get samlLogin() {
    return this.route('saml', 'login');
  }
  get samlAcs() {
    return this.route('saml', 'acs');
  }
  /** Also the service provider's entity id. */
  get samlMetadata() {
    return this.route('saml', 'metadata');
  }
  /** The web app; a handoff code rides in its fragment. */
  get webApp() {
    return `${this.origin}/`;
  }
  webAppWithHandoff(code: string): string {
    return `${this.origin}/#handoff=${encodeURIComponent(code)}`;
  }
}
