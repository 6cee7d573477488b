package io.rtmpt.webapp.bridge;

import java.security.cert.X509Certificate;

/**
 * The certificate a TLS listener presents to new connections, for the console and the API.
 *
 * @param subject the subject's distinguished name (RFC 2253), e.g. {@code CN=live.example.com}
 * @param issuer the issuer's distinguished name
 * @param serialNumber the serial number in hexadecimal
 * @param notBefore start of validity (epoch millis)
 * @param notAfter end of validity (epoch millis): renew before it
 * @param source where it was loaded from ("keystore /etc/rtmpt.p12", "certificate ... with key
 *     ...")
 */
public record CertificateInfo(
    String subject,
    String issuer,
    String serialNumber,
    long notBefore,
    long notAfter,
    String source) {

  static CertificateInfo of(X509Certificate certificate, Object source) {
    return new CertificateInfo(
        certificate.getSubjectX500Principal().getName(),
        certificate.getIssuerX500Principal().getName(),
        certificate.getSerialNumber().toString(16),
        certificate.getNotBefore().getTime(),
        certificate.getNotAfter().getTime(),
        String.valueOf(source));
  }
}
