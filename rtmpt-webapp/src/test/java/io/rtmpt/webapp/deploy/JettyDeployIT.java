package io.rtmpt.webapp.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Interop;
import io.rtmpt.webapp.Gateway;
import io.rtmpt.webapp.testing.LiveChecks;
import io.rtmpt.webapp.testing.LiveChecks.Player;
import io.rtmpt.webapp.testing.LiveChecks.Recording;
import io.rtmpt.webapp.testing.PackagedWar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Password;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged WAR deployed by Jetty 12 in this JVM: a {@link WebAppContext} on the WAR file at the
 * root context, as a Jetty 12 server deploys a WAR dropped into its webapps/, with the connector
 * idle timeout README.md documents; ffmpeg publishes and plays over rtmpt://.
 *
 * <p>Two connectors with the same settings: one for the publisher and the recording, one only for
 * the player that must stay on one keep-alive connection for over a minute, so that the {@link
 * ConnectionStatistics} of that connector count that player's connections alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JettyDeployIT {
  /** README.md, "Deploying in Jetty 12": the connector's idle timeout. */
  private static final long IDLE_TIMEOUT_MILLIS = 120_000;

  private static Path logs;
  private static Server server;
  private static WebAppContext webapp;
  private static ServerConnector connector;
  private static ServerConnector longConnector;
  private static final ConnectionStatistics longConnections = new ConnectionStatistics();
  private static ExternalProcess publisher;
  private static Player longPlayer;

  @BeforeAll
  static void deployAndStartTheLongPlayer() throws Exception {
    Path war = PackagedWar.war();
    Interop.requireTool("ffmpeg");
    Interop.requireTool("ffprobe");
    logs = PackagedWar.freshLogDirectory(JettyDeployIT.class);

    server = new Server();
    // As in a jetty-home base: the realm the WAR's BASIC login-config names is a server bean
    // (the README's "Jetty 12" users section); Jetty does not start the application without it.
    UserStore users = new UserStore();
    users.addUser("admin", new Password("jetty-deploy-it"), new String[] {"rtmpt-admin"});
    HashLoginService realm = new HashLoginService("rtmpt-bridge");
    realm.setUserStore(users);
    server.addBean(realm);
    connector = connector(server);
    longConnector = connector(server);
    longConnector.addBean(longConnections);
    webapp = new WebAppContext();
    webapp.setWar(war.toString());
    webapp.setContextPath("/");
    webapp.setTempDirectory(Files.createDirectories(logs.resolve("jetty-work")).toFile());
    webapp.setThrowUnavailableOnStartupException(true);
    server.setHandler(webapp);
    server.start();
    assertTrue(webapp.isAvailable(), "the WAR did not deploy (see the test output)");

    publisher = LiveChecks.startPublisher("publisher", logs, url(connector));
    longPlayer =
        Player.start("long-player", logs, url(longConnector), LiveChecks.LONG_PLAY_SECONDS);
  }

  private static ServerConnector connector(Server server) {
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(0);
    c.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    server.addConnector(c);
    return c;
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {longPlayer, publisher}) {
      if (c != null) {
        c.close();
      }
    }
    if (server != null) {
      server.stop();
    }
  }

  private static String url(ServerConnector c) {
    return "rtmpt://127.0.0.1:" + c.getLocalPort() + "/live/jetty";
  }

  @Test
  @Order(1)
  void theWarsOwnClassesServeTheTunnel() {
    // The WAR's classes, not this module's target/classes that are on the test class path too:
    // what a Jetty server deploying the file would run.
    Object gateway = webapp.getServletContext().getAttribute(Gateway.ATTRIBUTE);
    assertTrue(gateway != null, "no gateway in the context");
    assertEquals(
        webapp.getClassLoader(),
        gateway.getClass().getClassLoader(),
        "gateway loaded by the web application's class loader");
  }

  @Test
  @Order(2)
  void aStreamPublishedOverRtmptPlaysBackOverRtmpt() throws Exception {
    try (Recording recording = Recording.start("rtmpt-recording", logs, url(connector))) {
      recording.assertPlayedBackAsPublished();
    }
  }

  @Test
  @Order(3)
  void aPlayerStaysOnOneKeepAliveConnectionForOverAMinute() throws Exception {
    Player.Outcome outcome = longPlayer.assertPlayedThroughout();
    String what =
        outcome
            + "; "
            + longConnections.getConnectionsTotal()
            + " connections, "
            + longConnections.getReceivedMessages()
            + " requests";
    assertEquals(1, longConnections.getConnectionsTotal(), what + ": want one TCP connection");
    assertTrue(
        longConnections.getReceivedMessages() > 100,
        what + ": want more requests than Tomcat's default limit on that connection");
  }
}
