/**
 * The Netty TCP transport: the RTMP listener and, with {@link io.rtmpt.engine.server.TlsSettings},
 * the RTMPS one, whose certificate comes from a {@link io.rtmpt.engine.server.CertificateSource}
 * and can be reloaded while it runs.
 */
package io.rtmpt.engine.server;
