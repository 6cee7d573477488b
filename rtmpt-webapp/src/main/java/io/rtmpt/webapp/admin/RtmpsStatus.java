package io.rtmpt.webapp.admin;

import io.rtmpt.webapp.bridge.CertificateInfo;

/**
 * The native RTMPS listener at a glance, for the overview and {@code GET /admin/api/rtmps}.
 *
 * @param address its bound address, host:port
 * @param certificate the certificate new connections get
 */
public record RtmpsStatus(String address, CertificateInfo certificate) {}
