package io.rtmpt.webapp.tunnel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.testing.ExternalProcess;
import io.rtmpt.engine.testing.Ffmpeg;
import io.rtmpt.webapp.GatewayBootstrap;
import io.rtmpt.webapp.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Writes the seed corpora of the tunnel's Jazzer targets into {@code src/test/resources} from real
 * traffic: the requests (path and body length, in order of arrival) of an ffmpeg publisher, an
 * ffmpeg player and an rtmpdump player tunnelling to the web application in a real Jetty. Not part
 * of the build (the name matches no test pattern); run it when the tunnel changes shape, and commit
 * what it writes:
 *
 * <pre>
 *   mvn -B -pl rtmpt-webapp -am test -Dtest=TunnelFuzzSeeds -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class TunnelFuzzSeeds {
  private static final Path INPUTS = Path.of("src/test/resources/io/rtmpt/webapp/tunnel");
  private static final Path LOGS = Path.of("target", "interop", "TunnelFuzzSeeds");

  /** One request as it arrived. */
  private record Seen(String path, long bodyLength) {}

  private final List<Seen> seen = new ArrayList<>();

  @Test
  void writeSeeds() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SECURITY);
    HashLoginService realm = new HashLoginService("rtmpt-bridge");
    realm.setUserStore(new UserStore());
    context.getSecurityHandler().setLoginService(realm);
    context.getSecurityHandler().setAuthenticator(new BasicAuthenticator());
    context.addEventListener(new GatewayBootstrap());
    server.setHandler(
        new Handler.Wrapper(context) {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            synchronized (seen) {
              seen.add(
                  new Seen(
                      Request.getPathInContext(request),
                      request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH)));
            }
            return super.handle(request, response, callback);
          }
        });
    server.start();
    String base = "rtmpt://127.0.0.1:" + connector.getLocalPort() + "/live/";
    try (ExternalProcess publisher =
        ExternalProcess.start("ffmpeg-publish", LOGS, Ffmpeg.publish(base + "fuzz", 0))) {
      Await.until("a tunnel publishes", Duration.ofSeconds(20), () -> sessions().size() >= 1);
      Thread.sleep(2000);
      ExternalProcess.start("ffmpeg-play", LOGS, Ffmpeg.decode(base + "fuzz", 2))
          .waitFor(Duration.ofSeconds(30));
      try (ExternalProcess rtmpdump =
          ExternalProcess.start(
              "rtmpdump-play", LOGS, Ffmpeg.rtmpdump(base + "fuzz", LOGS.resolve("r.flv")))) {
        Await.until("rtmpdump tunnels", Duration.ofSeconds(20), () -> sessions().size() >= 3);
        Thread.sleep(2000);
        rtmpdump.stop(Duration.ofSeconds(2));
      }
    } finally {
      server.stop();
    }
    List<List<Seen>> sessions = new ArrayList<>(sessions().values());
    assertTrue(sessions.size() >= 3, "tunnels seen: " + sessions.size());
    String[] names = {"ffmpeg-publish", "ffmpeg-play", "rtmpdump-play"};
    for (int i = 0; i < 3; i++) {
      writeTunnelSeeds(names[i], sessions.get(i));
    }
  }

  /** The requests of each tunnel, in order of arrival, by session id (first seen first). */
  private Map<String, List<Seen>> sessions() {
    Map<String, List<Seen>> bySession = new LinkedHashMap<>();
    synchronized (seen) {
      for (Seen s : seen) {
        Optional<RtmptPath> path = RtmptPath.parse(s.path, null);
        if (path.isPresent() && path.get().sessionId() != null) {
          bySession.computeIfAbsent(path.get().sessionId(), k -> new ArrayList<>()).add(s);
        }
      }
    }
    return bySession;
  }

  private static void writeTunnelSeeds(String name, List<Seen> requests) throws IOException {
    ByteArrayOutputStream tunnel = new ByteArrayOutputStream();
    ByteArrayOutputStream order = new ByteArrayOutputStream();
    order.write(8);
    long next = RtmptPath.parse(requests.get(0).path, null).orElseThrow().sequence();
    tunnel.write((int) next);
    int n = 0;
    for (Seen s : requests) {
      RtmptPath path = RtmptPath.parse(s.path, null).orElseThrow();
      if (n++ < 64) {
        int kind =
            path.command() == RtmptCommand.SEND ? 0 : path.command() == RtmptCommand.IDLE ? 1 : 2;
        tunnel.write(kind | 8);
        tunnel.write((int) (path.sequence() - next));
        tunnel.write((int) Math.min(s.bodyLength, 199));
        order.write(0);
        order.write((int) (path.sequence() - Math.max(0, next)));
      }
      next = path.sequence() + 1;
      if (n <= 3) {
        int split = s.path.indexOf('/', 1);
        byte[] raw = s.path.getBytes(StandardCharsets.ISO_8859_1);
        write(
            "RtmptPathJazzerTestInputs/parseAcceptsExactlyTheGrammar",
            name + "-" + n,
            concat(new byte[] {(byte) split, 0}, raw));
      }
    }
    write(
        "RtmptTunnelJazzerTestInputs/fuzzedRequestSequencesKeepTheTunnelsPromises",
        name,
        tunnel.toByteArray());
    write(
        "RequestOrderJazzerTestInputs/requestsRunOnceInOrderWithBoundedWaiting",
        name,
        order.toByteArray());
    write(
        "RtmptPathJazzerTestInputs/parseAcceptsExactlyTheGrammar",
        "open",
        concat(new byte[] {5, 0}, "/open/1".getBytes(StandardCharsets.US_ASCII)));
    write(
        "RtmptPathJazzerTestInputs/parseAcceptsExactlyTheGrammar",
        "ident2",
        concat(new byte[] {4, 0}, "/fcs/ident2".getBytes(StandardCharsets.US_ASCII)));
  }

  private static void write(String directory, String name, byte[] bytes) throws IOException {
    Path dir = INPUTS.resolve(directory);
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), bytes);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
