import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';

const keys = (name: 'idp' | 'other') => ({
  key: readFileSync(join(process.cwd(), 'test', 'support', 'saml-keys', `${name}.key`), 'utf8'),
  cert: readFileSync(join(process.cwd(), 'test', 'support', 'saml-keys', `${name}.crt`), 'utf8'),
});

export interface AuthnRequest {
  id: string;
  acsUrl: string;
  issuer: string;
  destination: string;
}

export interface SamlAnswer {
  nameId: string;
  attributes?: Record<string, string | string[]>;
  /** What is signed (default: the assertion). */
  sign?: 'assertion' | 'response' | 'both' | 'none';
  /** Sign with a key Parley was never given. */
  key?: 'other';
  audience?: string;
  recipient?: string;
  issuer?: string;
  inResponseTo?: string | null;
  /** Minutes from now (negative: already past). */
  notOnOrAfterMinutes?: number;
  assertionId?: string;
  /** Change the assertion after signing it (a forged attribute). */
  tamper?: (xml: string) => string;
}

const iso = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * A stand-in SAML 2.0 identity provider, from the specification (Core, Bindings, Profiles): it
 * reads an AuthnRequest from the HTTP-Redirect binding and answers a Response for the HTTP-POST
 * binding, signed with xml-crypto (as node-saml's own tests sign theirs) by a test key.
 */
export class SamlIdp {
  readonly entityId = 'https://idp.example.test/saml';
  readonly ssoUrl = 'http://127.0.0.1:9/sso';
  readonly certificate = keys('idp').cert;

  /** The AuthnRequest a Parley login redirect carries. */
  static request(location: string): AuthnRequest {
    const url = new URL(location);
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString();
    const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(xml)?.[1] ?? '';
    return {
      id: attr('ID'),
      acsUrl: attr('AssertionConsumerServiceURL'),
      destination: attr('Destination'),
      issuer: /Issuer[^>]*>([^<]*)</.exec(xml)?.[1] ?? '',
    };
  }

  /** A base64 SAMLResponse answering `request`, as the browser would post it to the ACS. */
  respond(request: AuthnRequest, answer: SamlAnswer): string {
    const inResponseTo = answer.inResponseTo === undefined ? request.id : answer.inResponseTo;
    const irt = inResponseTo === null ? '' : ` InResponseTo="${escape(inResponseTo)}"`;
    const assertionId = answer.assertionId ?? `_a${randomBytes(12).toString('hex')}`;
    const notOnOrAfter = iso(answer.notOnOrAfterMinutes ?? 5);
    const issuer = answer.issuer ?? this.entityId;
    const attributes = Object.entries(answer.attributes ?? {})
      .map(
        ([name, values]) =>
          `<saml:Attribute Name="${escape(name)}">${[values]
            .flat()
            .map((v) => `<saml:AttributeValue>${escape(v)}</saml:AttributeValue>`)
            .join('')}</saml:Attribute>`,
      )
      .join('');
    let assertion =
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${iso(0)}">` +
      `<saml:Issuer>${escape(issuer)}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escape(answer.nameId)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${irt} NotOnOrAfter="${notOnOrAfter}" Recipient="${escape(answer.recipient ?? request.acsUrl)}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(-1)}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${escape(answer.audience ?? request.issuer)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(0)}" SessionIndex="_s${randomBytes(8).toString('hex')}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
      `</saml:Assertion>`;
    const sign = answer.sign ?? 'assertion';
    const key = keys(answer.key ?? 'idp');
    if (sign === 'assertion' || sign === 'both') assertion = signElement(assertion, 'Assertion', key);
    if (answer.tamper) assertion = answer.tamper(assertion);
    let response =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(12).toString('hex')}" Version="2.0" IssueInstant="${iso(0)}" Destination="${escape(request.acsUrl)}"${irt}>` +
      `<saml:Issuer>${escape(issuer)}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      assertion +
      `</samlp:Response>`;
    if (sign === 'response' || sign === 'both') response = signElement(response, 'Response', key);
    return Buffer.from(response).toString('base64');
  }
}

/** An enveloped signature of the element `name` (its ID), placed after its Issuer as the schema wants. */
function signElement(xml: string, name: string, key: { key: string; cert: string }): string {
  const signature = new SignedXml({
    privateKey: key.key,
    publicCert: key.cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signature.addReference({
    xpath: `/*[local-name(.)='${name}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signature.computeSignature(xml, { location: { reference: `/*[local-name(.)='${name}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return signature.getSignedXml();
}
