/**
 * The RTMPT tunnel: HTTP requests in, bytes to and from a {@link io.rtmpt.webapp.tunnel.TunnelPeer}
 * out. This layer never parses RTMP.
 *
 * <p>Wiring, done by the web application's bootstrap listener:
 *
 * <ol>
 *   <li>{@code RtmptConfig config = RtmptConfig.from(Settings.from(servletContext));}
 *   <li>{@code RtmptSessionRegistry registry = new RtmptSessionRegistry(config, peerFactory);}
 *       where {@code peerFactory} opens the in-process engine or a backend connection;
 *   <li>{@code servletContext.setAttribute(RtmptSessionRegistry.ATTRIBUTE, registry);}
 *   <li>on context destruction, {@code registry.close()}.
 * </ol>
 *
 * <p>{@link io.rtmpt.webapp.tunnel.RtmptServlet} is mapped with {@code <async-supported>true} to
 * {@code /open/*}, {@code /send/*}, {@code /idle/*}, {@code /close/*} and {@code /fcs/*}. The admin
 * console reads {@link io.rtmpt.webapp.tunnel.RtmptSessionRegistry#sessions()} and {@link
 * io.rtmpt.webapp.tunnel.RtmptSessionRegistry#statistics()} and ends a tunnel with {@link
 * io.rtmpt.webapp.tunnel.RtmptSessionRegistry#close(String)}.
 *
 * <p>The container must not limit keep-alive requests per connection (Tomcat: {@code
 * maxKeepAliveRequests="-1"}) and its keep-alive timeout must outlast any client pause: a {@code
 * Connection: close} ends ffmpeg and rtmpdump sessions.
 */
package io.rtmpt.webapp.tunnel;
