import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A certification authority of the test's own (a real qualified seal cannot be had here), issuing seals and CRLs. */
export async function createTestCa(options: { notBefore: Date; notAfter: Date }) {
  const keys = (await webcrypto.subtle.generateKey(ECDSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=mobicred test seal CA, O=mobicred tests, C=FR',
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    keys,
    signingAlgorithm: ECDSA,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return {
    certificate,
    /** A seal certificate for an organisation, with its private key in PKCS#8 PEM. */
    async issueSeal(seal: { serialNumber: string; organisation: string; notBefore: Date; notAfter: Date }) {
      const sealKeys = (await webcrypto.subtle.generateKey(ECDSA, true, ['sign', 'verify'])) as CryptoKeyPair;
      const sealCertificate = await x509.X509CertificateGenerator.create({
        serialNumber: seal.serialNumber,
        subject: `CN=${seal.organisation}, O=${seal.organisation}, C=FR`,
        issuer: certificate.subject,
        notBefore: seal.notBefore,
        notAfter: seal.notAfter,
        publicKey: sealKeys.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: ECDSA,
        extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
      });
      const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', sealKeys.privateKey);
      return {
        certificate: sealCertificate,
        certificateChainPem: `${sealCertificate.toString('pem')}\n${certificate.toString('pem')}\n`,
        privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
      };
    },
    async revocationList(revoked: { serialNumber: string; revocationDate: Date }[], thisUpdate: Date) {
      // nextUpdate, which RFC 5280 requires, is also what lets @peculiar/x509 2.2 read the entries back.
      const nextUpdate = new Date(thisUpdate.getTime() + 7 * 24 * 60 * 60 * 1000);
      const entries = revoked.map((entry) => ({ ...entry, reason: x509.X509CrlReason.keyCompromise }));
      return x509.X509CrlGenerator.create({ issuer: certificate.subject, thisUpdate, nextUpdate, entries, signingAlgorithm: ECDSA, signingKey: keys.privateKey });
    },
  };
}
