package io.rtmpt.webapp.soak;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.testing.Link;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import io.rtmpt.webapp.testing.TunnelLink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one session of the churn does, by kind: tunnels and TCP connections that publish, play, or
 * are abandoned after connect or even earlier. A clean one ends with {@code /close} or a socket
 * close; an abandoned one is left to the server's timeouts (its socket handed to {@code keep}, so
 * that the test closes it only after the server has given up on it).
 */
enum ChurnClient {
  TUNNEL_PUBLISH(true),
  TUNNEL_PLAY(true),
  TUNNEL_ABANDON_CONNECTED(true),
  TUNNEL_ABANDON_AFTER_OPEN(true),
  TCP_PUBLISH(false),
  TCP_PLAY(false),
  TCP_ABANDON_CONNECTED(false),
  TCP_ABANDON_IN_HANDSHAKE(false);

  /** The stream every player plays; a feeder publishes it for the whole churn. */
  static final String FEED = "feed";

  private static final Duration WAIT = Duration.ofSeconds(15);

  final boolean tunnel;

  ChurnClient(boolean tunnel) {
    this.tunnel = tunnel;
  }

  /** Where the clients connect, and the HTTP client every tunnel shares. */
  record Target(HttpClient http, String httpBase, int rtmpPort) {}

  /** Runs session number {@code index} of this kind. */
  void run(int index, Target target, Consumer<AutoCloseable> keep) throws IOException {
    switch (this) {
      case TUNNEL_ABANDON_AFTER_OPEN -> TunnelLink.open(target.http, target.httpBase);
      case TCP_ABANDON_IN_HANDSHAKE -> {
        Socket socket = new Socket();
        keep.accept(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", target.rtmpPort), 5000);
        byte[] partial = new byte[1 + 700];
        partial[0] = 3;
        socket.getOutputStream().write(partial);
      }
      default -> {
        Link link =
            tunnel
                ? TunnelLink.open(target.http, target.httpBase)
                : SocketLink.connect("127.0.0.1", target.rtmpPort);
        RtmpScript<Link> client = RtmpScript.start(link).withTimeout(WAIT);
        if (!"_result".equals(client.connectApp("live").name())) {
          throw new IOException("connect refused");
        }
        int stream = client.createStream();
        switch (this) {
          case TUNNEL_PUBLISH, TCP_PUBLISH -> {
            publish(client, stream, "churn" + index);
            end(client);
          }
          case TUNNEL_PLAY, TCP_PLAY -> {
            client.play(stream, FEED);
            awaitVideo(client);
            end(client);
          }
          default -> {
            if (index % 2 == 0) {
              publish(client, stream, "abandoned" + index);
            }
            keep.accept(link);
          }
        }
      }
    }
  }

  /** Publishes {@code name} with a sequence header, a keyframe, interframes and audio. */
  static void publish(RtmpScript<Link> client, int stream, String name) throws IOException {
    String code = RtmpScript.statusCode(client.publish(stream, name));
    if (!"NetStream.Publish.Start".equals(code)) {
      throw new IOException("publish " + name + ": " + code);
    }
    for (RawMessage m : frames(stream, 0)) {
      client.sendRaw(m);
    }
  }

  /** One group of pictures: AVC header, keyframe, three interframes and an AAC frame. */
  static List<RawMessage> frames(int stream, long timestamp) {
    return List.of(
        new RawMessage(6, 9, stream, timestamp, body(40, 0x17, 0x00)),
        new RawMessage(6, 9, stream, timestamp, body(3000, 0x17, 0x01)),
        new RawMessage(6, 9, stream, timestamp + 40, body(600, 0x27, 0x01)),
        new RawMessage(6, 9, stream, timestamp + 80, body(600, 0x27, 0x01)),
        new RawMessage(6, 9, stream, timestamp + 120, body(600, 0x27, 0x01)),
        new RawMessage(4, 8, stream, timestamp, body(200, 0xAF, 0x01)));
  }

  private static void awaitVideo(RtmpScript<Link> client) throws IOException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      RawMessage m = client.next(Duration.ofMillis(500));
      if (m != null && m.messageTypeId() == 9) {
        return;
      }
    }
    throw new IOException("no video within " + WAIT);
  }

  private static void end(RtmpScript<Link> client) throws IOException {
    if (client.link() instanceof TunnelLink tunnel) {
      tunnel.closeTunnel();
    } else {
      client.close();
    }
  }

  private static byte[] body(int size, int first, int second) {
    byte[] b = new byte[size];
    b[0] = (byte) first;
    b[1] = (byte) second;
    return b;
  }
}
