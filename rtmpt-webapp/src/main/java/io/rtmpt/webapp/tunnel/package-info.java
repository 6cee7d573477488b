/**
 * The RTMPT tunnel: HTTP requests in, bytes to and from a {@link io.rtmpt.webapp.tunnel.TunnelPeer}
 * out. This layer never parses RTMP and imports nothing of the engine: the peer is an interface,
 * implemented by {@code io.rtmpt.webapp.bridge}.
 *
 * <p>Wiring, done by the web application's gateway when the context starts:
 *
 * <ol>
 *   <li>{@code RtmptConfig config = RtmptConfig.from(settings);}
 *   <li>{@code RtmptSessionRegistry registry = new RtmptSessionRegistry(config, peerFactory);}
 *       where {@code peerFactory} opens the in-process engine or a backend connection;
 *   <li>{@code RtmptServlet.register(servletContext, registry);} maps the servlet, with async
 *       support, to {@code /open/*}, {@code /send/*}, {@code /idle/*}, {@code /close/*} and {@code
 *       /fcs/*};
 *   <li>optionally {@code registry.keepAliveLimits(limitByLocalPort)}, so that a tunnel cut by the
 *       container's keep-alive limit is logged as such;
 *   <li>when the context stops, {@code registry.close()}.
 * </ol>
 *
 * <p>The admin console reads {@link io.rtmpt.webapp.tunnel.RtmptSessionRegistry#sessions()} and
 * {@link io.rtmpt.webapp.tunnel.RtmptSessionRegistry#statistics()} and ends a tunnel with {@link
 * io.rtmpt.webapp.tunnel.RtmptSessionRegistry#close(String)}.
 *
 * <p>The container must not limit keep-alive requests per connection (Tomcat: {@code
 * maxKeepAliveRequests="-1"}) and its keep-alive timeout must outlast any client pause: a {@code
 * Connection: close} ends ffmpeg and rtmpdump sessions.
 */
package io.rtmpt.webapp.tunnel;
