/**
 * The RTMPT tunnel: HTTP requests in, bytes to and from a {@link io.rtmpt.webapp.tunnel.TunnelPeer}
 * out. This layer never parses RTMP.
 */
package io.rtmpt.webapp.tunnel;
