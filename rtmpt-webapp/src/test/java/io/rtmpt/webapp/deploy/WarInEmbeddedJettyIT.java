package io.rtmpt.webapp.deploy;

import io.rtmpt.webapp.testing.PackagedWar;
import io.rtmpt.webapp.testing.WarEntries;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The packaged WAR in an embedded Jetty {@link WebAppContext} of the test JVM, as an application
 * embedding Jetty deploys it: nothing of the WAR is served without credentials but the endpoints
 * (issue 10); the same check runs in Tomcat, standalone Jetty and the executable WAR.
 */
class WarInEmbeddedJettyIT {
  @Test
  void nothingButTheEndpointsAndTheProtectedConsoleIsServed() throws Exception {
    Path war = PackagedWar.war();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext();
    webapp.setWar(war.toString());
    webapp.setContextPath("/");
    webapp.setThrowUnavailableOnStartupException(true);
    HashLoginService realm = new HashLoginService("rtmpt-bridge");
    realm.setUserStore(new UserStore());
    webapp.getSecurityHandler().setLoginService(realm);
    JakartaWebSocketServletContainerInitializer.configure(webapp, null);
    server.setHandler(webapp);
    server.start();
    try {
      WarEntries.assertNothingServed("http://127.0.0.1:" + connector.getLocalPort(), war);
    } finally {
      server.stop();
    }
  }
}
