package io.rtmpt.webapp.admin;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's live updates at {@value #PATH}: the server talks, the console listens (messages
 * from it are ignored). Registered by {@link AdminConsole} with {@link #register}; the container's
 * security constraint on {@code /admin/*} authenticates the handshake, and the configurator below
 * refuses a handshake from another site's page (a browser sends the page's Origin, and would send
 * the user's credentials along).
 *
 * <p>The only class of the application that touches the WebSocket API ({@code jakarta.websocket}):
 * the rest of the console knows its connections as {@link ConsoleHub.Connection}s, and this class
 * is loaded only when the container offers a WebSocket server, so that the application deploys in a
 * container without one (Jetty without its {@code ee10-websocket-jakarta} module).
 */
public final class ConsoleEndpoint extends Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleEndpoint.class);

  /** Where the endpoint is, relative to the context. */
  public static final String PATH = "/admin/ws";

  private static final String ALLOWED = ConsoleEndpoint.class.getName() + ".allowed";
  private static final String REFUSAL = ConsoleEndpoint.class.getName() + ".refusal";

  private final ConsoleHub hub;

  ConsoleEndpoint(ConsoleHub hub) {
    this.hub = hub;
  }

  /** The endpoint's registration: path, a configurator that checks and creates it. */
  static ServerEndpointConfig config(ConsoleHub hub) {
    return ServerEndpointConfig.Builder.create(ConsoleEndpoint.class, PATH)
        .configurator(new Configurator(hub))
        .build();
  }

  /**
   * Adds the endpoint to the container's WebSocket server, the {@code
   * jakarta.websocket.server.ServerContainer} context attribute: this class and the WebSocket API
   * are touched only when the container has one.
   *
   * @return false, after logging why, when the container refuses the endpoint
   */
  static boolean register(Object serverContainer, ConsoleHub hub) {
    try {
      ((ServerContainer) serverContainer).addEndpoint(config(hub));
      return true;
    } catch (DeploymentException e) {
      LOG.warn("admin console WebSocket not registered: {}", e.getMessage());
      return false;
    }
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    Map<String, Object> properties = config.getUserProperties();
    if (!Boolean.TRUE.equals(properties.get(ALLOWED))) {
      LOG.warn("admin console WebSocket refused: {}", properties.get(REFUSAL));
      try {
        session.close(
            new CloseReason(
                CloseReason.CloseCodes.VIOLATED_POLICY, String.valueOf(properties.get(REFUSAL))));
      } catch (IOException e) {
        LOG.debug("admin console WebSocket: close failed: {}", e.toString());
      }
      return;
    }
    hub.opened(new SessionConnection(session));
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    hub.closed(session.getId());
  }

  @Override
  public void onError(Session session, Throwable error) {
    LOG.debug("admin console WebSocket {}: {}", session.getId(), error.toString());
    hub.closed(session.getId());
  }

  /** A WebSocket session as the hub's connection. */
  private record SessionConnection(Session session) implements ConsoleHub.Connection {
    @Override
    public String id() {
      return session.getId();
    }

    @Override
    public boolean isOpen() {
      return session.isOpen();
    }

    @Override
    public void send(String text, Consumer<Throwable> sent) {
      session
          .getAsyncRemote()
          .sendText(
              text,
              (SendResult result) ->
                  sent.accept(
                      result.isOK()
                          ? null
                          : result.getException() == null
                              ? new IOException("send failed")
                              : result.getException()));
    }

    @Override
    public void close(ConsoleHub.Goodbye why) {
      CloseReason reason =
          switch (why) {
            case SERVER_STOPPING ->
                new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server stopping");
            case SEND_FAILED ->
                new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
          };
      try {
        session.close(reason);
      } catch (IOException e) {
        LOG.debug("admin console WebSocket {}: close failed: {}", session.getId(), e.toString());
      }
    }
  }

  /** Checks each handshake and gives every connection an endpoint bound to the hub. */
  static final class Configurator extends ServerEndpointConfig.Configurator {
    private final ConsoleHub hub;

    Configurator(ConsoleHub hub) {
      this.hub = hub;
    }

    @Override
    public void modifyHandshake(
        ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      String refusal = refusal(request);
      // no null values: Tomcat's user properties are a ConcurrentHashMap
      config.getUserProperties().put(ALLOWED, refusal == null);
      if (refusal != null) {
        config.getUserProperties().put(REFUSAL, refusal);
      }
    }

    private static String refusal(HandshakeRequest request) {
      if (!request.isUserInRole(AdminConfig.ROLE)) {
        return "user " + request.getUserPrincipal() + " is not in role " + AdminConfig.ROLE;
      }
      String origin = first(request.getHeaders(), "Origin");
      String host = first(request.getHeaders(), "Host");
      if (origin != null && !Origins.sameOrigin(origin, host)) {
        return "origin " + origin + " is not this host (" + host + ")";
      }
      return null;
    }

    private static String first(Map<String, List<String>> headers, String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
      if (type != ConsoleEndpoint.class) {
        throw new InstantiationException("not the console endpoint: " + type);
      }
      return type.cast(new ConsoleEndpoint(hub));
    }
  }
}
