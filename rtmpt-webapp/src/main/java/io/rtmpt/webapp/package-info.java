/**
 * The web application's composition root: {@link io.rtmpt.webapp.GatewayBootstrap}, the one
 * listener in web.xml, builds the {@link io.rtmpt.webapp.Gateway} from the settings and registers
 * the servlets with the parts they serve.
 *
 * <p>Packages, each depending only on those after it:
 *
 * <pre>
 *   io.rtmpt.webapp     Gateway, GatewayBootstrap: builds and wires everything below
 *   admin               console, JSON API, WebSocket, metrics   → bridge, tunnel, config, engine
 *   bridge              where tunnels lead: Upstream (engine | backend), the tunnel peers
 *                                                               → tunnel, config, engine
 *   tunnel              RTMPT over HTTP, bytes only             → config
 *   config              settings                                → engine (EngineConfig)
 *   embedded, launcher  the executable WAR (embedded Jetty), outside WEB-INF/classes
 * </pre>
 */
package io.rtmpt.webapp;
