import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import forge from 'node-forge';

/**
 * An organisation's electronic seal (an X.509 certificate and its private key), and JAdES baseline-B
 * signatures made with it (ETSI TS 119 182-1): a compact JWS whose protected header names the signing
 * certificate three ways — the chain (`x5c`), its SHA-256 digest (`x5t#S256`) and its issuer and serial number
 * (`kid`, the base64 DER of an IssuerSerial) — and the claimed signing time (`sigT`, listed in `crit` as every
 * JAdES-specific parameter must be). Nothing here logs or returns key material.
 */

export type SealAlgorithm = 'ES256' | 'ES384' | 'RS256';

export interface SealMaterial {
  /** DER certificates, the seal's own first, then each one's issuer. */
  chain: Buffer[];
  algorithm: SealAlgorithm;
  privateKey: KeyObject;
  notAfter: Date;
}

/** Why a certificate and key cannot be used as a seal; `field` names the part of the request at fault. */
export class SealMaterialError extends Error {
  constructor(
    message: string,
    readonly field: 'certificateChainPem' | 'privateKeyPem' | 'pkcs12Base64' | 'password',
  ) {
    super(message);
  }
}

/** A seal as a school gets it from its trust service provider: a PEM chain and key, or a PKCS#12 file. */
export type SealInput = { certificateChainPem: string; privateKeyPem: string } | { pkcs12Base64: string; password: string };

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads a seal and checks what can be checked without the network: the key is the seal certificate's, each
 * certificate is issued and signed by the next, and the seal certificate is valid now.
 */
export function readSealMaterial(input: SealInput & { now: Date }): SealMaterial {
  const { certificates, privateKey, chainField } = 'pkcs12Base64' in input ? readPkcs12(input) : readPem(input);
  const [seal] = certificates as [X509Certificate, ...X509Certificate[]];
  if (!seal.checkPrivateKey(privateKey)) throw new SealMaterialError('The private key is not the seal certificate’s', 'pkcs12Base64' in input ? 'pkcs12Base64' : 'privateKeyPem');
  certificates.slice(0, -1).forEach((certificate, index) => {
    const issuer = certificates[index + 1]!;
    if (!certificate.checkIssued(issuer) || !certificate.verify(issuer.publicKey)) {
      throw new SealMaterialError(`Certificate ${index + 1} is not issued by the certificate after it`, chainField);
    }
  });
  const notBefore = new Date(seal.validFrom);
  const notAfter = new Date(seal.validTo);
  if (input.now < notBefore || input.now >= notAfter) {
    throw new SealMaterialError(`The seal certificate is valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}, not now`, chainField);
  }
  return { chain: certificates.map((certificate) => Buffer.from(certificate.raw)), algorithm: algorithmOf(privateKey), privateKey, notAfter };
}

interface ReadSeal {
  /** The seal certificate first, then each one's issuer. */
  certificates: X509Certificate[];
  privateKey: KeyObject;
  chainField: SealMaterialError['field'];
}

/** A PEM chain in the order given (the seal's certificate first) and its key. */
function readPem(input: { certificateChainPem: string; privateKeyPem: string }): ReadSeal {
  const pems = input.certificateChainPem.match(PEM_CERTIFICATE) ?? [];
  if (pems.length === 0) throw new SealMaterialError('No PEM certificate found', 'certificateChainPem');
  let certificates: X509Certificate[];
  try {
    certificates = pems.map((pem) => new X509Certificate(pem));
  } catch {
    throw new SealMaterialError('A certificate cannot be read', 'certificateChainPem');
  }
  try {
    return { certificates, privateKey: createPrivateKey(input.privateKeyPem), chainField: 'certificateChainPem' };
  } catch {
    throw new SealMaterialError('The private key cannot be read (PKCS#8 or traditional PEM, unencrypted)', 'privateKeyPem');
  }
}

/**
 * A PKCS#12 file's key and certificates (MAC and key decrypted with the password), put in chain order: its
 * bags come in no set order, so the seal is the certificate of the key, then each one's issuer among the rest.
 */
function readPkcs12(input: { pkcs12Base64: string; password: string }): ReadSeal {
  let bags: forge.pkcs12.Bag[];
  try {
    const der = Buffer.from(input.pkcs12Base64, 'base64');
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))), false, input.password);
    bags = p12.safeContents.flatMap((contents) => contents.safeBags);
  } catch (error) {
    const wrongPassword = error instanceof Error && /password/i.test(error.message);
    throw new SealMaterialError(wrongPassword ? 'The password does not open this PKCS#12 file' : 'This is not a readable PKCS#12 file', wrongPassword ? 'password' : 'pkcs12Base64');
  }
  // forge reads RSA keys and certificates itself and leaves others (EC) as ASN.1: both are taken as DER.
  const derOf = (bag: forge.pkcs12.Bag, toAsn1: () => forge.asn1.Asn1) => Buffer.from(forge.asn1.toDer(bag.asn1 ?? toAsn1()).getBytes(), 'binary');
  const keyBags = bags.filter((bag) => bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag);
  const certificates = bags
    .filter((bag) => bag.type === forge.pki.oids.certBag)
    .map((bag) => new X509Certificate(derOf(bag, () => forge.pki.certificateToAsn1(bag.cert!))));
  if (keyBags.length !== 1 || certificates.length === 0) throw new SealMaterialError('A seal file holds exactly one private key and its certificate', 'pkcs12Base64');
  const keyBag = keyBags[0]!;
  const privateKey = createPrivateKey({
    key: derOf(keyBag, () => forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key!))),
    format: 'der',
    type: 'pkcs8',
  });
  const seal = certificates.find((certificate) => certificate.checkPrivateKey(privateKey));
  if (!seal) throw new SealMaterialError('No certificate in the file is the private key’s', 'pkcs12Base64');
  const chain = [seal];
  for (let issuer = nextIssuer(seal); issuer; issuer = nextIssuer(issuer)) chain.push(issuer);
  return { certificates: chain, privateKey, chainField: 'pkcs12Base64' };

  function nextIssuer(certificate: X509Certificate): X509Certificate | undefined {
    if (certificate.checkIssued(certificate)) return undefined; // self-signed: the root
    return certificates.find((candidate) => candidate !== certificate && !chain.includes(candidate) && certificate.checkIssued(candidate));
  }
}

function algorithmOf(key: KeyObject): SealAlgorithm {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'secp384r1') return 'ES384';
  if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048) return 'RS256';
  throw new SealMaterialError('The seal key must be ECDSA P-256 or P-384, or RSA of 2048 bits or more', 'privateKeyPem');
}

/** Signs a JSON document as a JAdES baseline-B compact JWS with the seal. */
export async function signJadesBaselineB(options: { document: object; seal: SealMaterial; signingTime: Date }): Promise<string> {
  const { seal } = options;
  const payload = new TextEncoder().encode(JSON.stringify(options.document));
  return new CompactSign(payload)
    .setProtectedHeader({
      alg: seal.algorithm,
      typ: 'jose+json',
      cty: 'json',
      kid: issuerSerialOf(seal.chain[0]!).toString('base64'),
      x5c: seal.chain.map((der) => der.toString('base64')),
      'x5t#S256': createHash('sha256').update(seal.chain[0]!).digest('base64url'),
      sigT: options.signingTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      crit: ['sigT'],
    })
    .sign(seal.privateKey, { crit: { sigT: true } });
}

/** IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber INTEGER } (RFC 5035), DER: what JAdES puts in `kid`. */
function issuerSerialOf(certificateDer: Buffer): Buffer {
  // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, … }, … }
  const tbs = derChildren(derChildren(certificateDer)[0]!);
  const [serial, , issuer] = tbs[0]![0] === 0xa0 ? tbs.slice(1) : tbs;
  const directoryName = derElement(0xa4, issuer!); // GeneralName [4] directoryName, explicit (Name is a CHOICE)
  return derElement(0x30, Buffer.concat([derElement(0x30, directoryName), serial!]));
}

/** The elements (whole, tag and length included) inside a DER constructed element. */
function derChildren(element: Buffer): Buffer[] {
  const children: Buffer[] = [];
  let offset = headerLength(element, 0);
  while (offset < element.length) {
    const header = headerLength(element, offset);
    const end = offset + header + contentLength(element, offset);
    children.push(element.subarray(offset, end));
    offset = end;
  }
  return children;
}

function headerLength(der: Buffer, offset: number): number {
  const first = der[offset + 1]!;
  return 2 + (first & 0x80 ? first & 0x7f : 0);
}

function contentLength(der: Buffer, offset: number): number {
  const first = der[offset + 1]!;
  if (!(first & 0x80)) return first;
  return der.subarray(offset + 2, offset + 2 + (first & 0x7f)).reduce((length, byte) => length * 256 + byte, 0);
}

function derElement(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const hex = length.toString(16);
  const lengthBytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  return Buffer.concat([Buffer.from([tag, 0x80 | lengthBytes.length]), lengthBytes, content]);
}
