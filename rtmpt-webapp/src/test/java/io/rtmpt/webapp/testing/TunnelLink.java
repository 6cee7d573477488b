package io.rtmpt.webapp.testing;

import io.rtmpt.engine.testing.Link;
import io.rtmpt.engine.testing.RtmpScript;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Link} over an RTMPT tunnel, for {@link RtmpScript}: {@code /send} carries what the
 * client sends, {@code /idle} polls for what the server has, with {@link HttpClient} and sequence
 * numbers from 0 like ffmpeg and librtmp. It polls only while a test waits for something, so a test
 * can make it stop polling, like a stalled player.
 *
 * <p>Counts its HTTP requests and the tunnelled bytes it received, keeps the size of every reply
 * body, and remembers the status of the last reply: after a non-200 the tunnel is over, {@link
 * #receive} throws {@link EOFException} and {@link #send} fails.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class TunnelLink implements Link {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  private static final byte[] IDLE_BODY = {0};

  private final HttpClient http;
  private final String base;
  private final String sessionId;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final List<Integer> replySizes = new ArrayList<>();
  private long sequence;
  private int requests;
  private long bytesReceived;
  private long bytesSent;
  private int lastStatus;
  private Consumer<byte[]> replyObserver = body -> {};

  private TunnelLink(HttpClient http, String base, String sessionId) {
    this.http = http;
    this.base = base;
    this.sessionId = sessionId;
    this.requests = 1;
    this.lastStatus = 200;
  }

  /** The HTTP client tunnels use: HTTP/1.1, one keep-alive connection per tunnel in practice. */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * POSTs {@code body} to {@code base + path} the way RTMPT clients do; any status is returned.
   * {@code base} is the context's URL, e.g. {@link EmbeddedWebapp#httpBase()}.
   */
  public static HttpResponse<byte[]> post(HttpClient http, String base, String path, byte[] body)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-fcs")
            .header("User-Agent", "TunnelLink")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while posting " + path, e);
    }
  }

  /** {@code /open/1}; fails unless it is answered 200 with a session id. No RTMP yet. */
  public static TunnelLink open(String base) throws IOException {
    return open(httpClient(), base);
  }

  /**
   * {@code /open/1} with a given client, which many tunnels may share (each {@link HttpClient}
   * keeps a selector thread until it is collected).
   */
  public static TunnelLink open(HttpClient http, String base) throws IOException {
    HttpResponse<byte[]> reply = post(http, base, "/open/1", IDLE_BODY);
    if (reply.statusCode() != 200) {
      throw new IOException("/open/1 answered " + reply.statusCode());
    }
    String id = new String(reply.body(), StandardCharsets.US_ASCII).trim();
    if (id.isEmpty()) {
      throw new IOException("/open/1 answered 200 without a session id");
    }
    return new TunnelLink(http, base, id);
  }

  /** Opens a tunnel and starts a scripted client on it (the RTMP handshake is done). */
  public static RtmpScript<TunnelLink> connect(String base) throws IOException {
    return RtmpScript.start(open(base)).withTimeout(REQUEST_TIMEOUT);
  }

  /** The tunnel's session id from {@code /open/1}. */
  public String sessionId() {
    return sessionId;
  }

  /** HTTP requests made so far, {@code /open/1} included. */
  public int requests() {
    return requests;
  }

  /** Tunnelled bytes received so far (reply bodies without their polling bytes). */
  public long bytesReceived() {
    return bytesReceived;
  }

  /** Tunnelled bytes sent so far ({@code /send} bodies). */
  public long bytesSent() {
    return bytesSent;
  }

  /** The tunnelled bytes of every 200 reply so far (polling byte not counted), in order. */
  public List<Integer> replySizes() {
    return List.copyOf(replySizes);
  }

  /**
   * Shows {@code observer} the tunnelled bytes of every later 200 reply (polling byte removed), in
   * order, before anyone reads them: for tests of what one reply may carry.
   */
  public TunnelLink onReply(Consumer<byte[]> observer) {
    this.replyObserver = observer;
    return this;
  }

  /** Status of the last reply; anything but 200 ended the tunnel. */
  public int lastStatus() {
    return lastStatus;
  }

  /** True once a reply was not 200. */
  public boolean isEnded() {
    return lastStatus != 200;
  }

  /** One {@code /send} with {@code bytes}; what its reply carries is kept for {@link #receive}. */
  @Override
  public void send(byte[] bytes) throws IOException {
    if (!exchange("send", bytes)) {
      throw new IOException("/send answered " + lastStatus + " in tunnel " + sessionId);
    }
  }

  /**
   * What replies already brought, else {@code /idle} polls until bytes come or {@code timeout}
   * passes (at least one poll, even for a zero timeout).
   */
  @Override
  public byte[] receive(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.size() == 0) {
      if (isEnded() || !poll()) {
        throw new EOFException("tunnel " + sessionId + " ended with " + lastStatus);
      }
      if (System.nanoTime() >= deadline) {
        break;
      }
    }
    byte[] bytes = pending.toByteArray();
    pending.reset();
    return bytes;
  }

  /** rtmpt://host:port/app, as the clients of a tunnel send it. */
  @Override
  public String tcUrl(String app) {
    return base.replaceFirst("^http", "rtmpt") + "/" + app;
  }

  /** One {@code /idle}; false when it was not answered 200 (the tunnel is over). */
  public boolean poll() throws IOException {
    return exchange("idle", IDLE_BODY);
  }

  /** {@code /close}; returns the reply's status. */
  public int closeTunnel() throws IOException {
    exchange("close", IDLE_BODY);
    return lastStatus;
  }

  /** Polls until a reply is not 200 and returns its status; fails after {@code timeout}. */
  public int pollUntilEnded(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (poll()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("tunnel " + sessionId + " still answered 200 after " + timeout);
      }
    }
    return lastStatus;
  }

  private boolean exchange(String command, byte[] body) throws IOException {
    if (isEnded()) {
      throw new IllegalStateException("tunnel " + sessionId + " already ended with " + lastStatus);
    }
    HttpResponse<byte[]> reply =
        post(http, base, "/" + command + "/" + sessionId + "/" + sequence++, body);
    requests++;
    lastStatus = reply.statusCode();
    if (lastStatus != 200) {
      return false;
    }
    if ("send".equals(command)) {
      bytesSent += body.length;
    }
    byte[] data = reply.body();
    if (data.length == 0) {
      throw new IOException(
          "200 reply without the polling byte to /" + command + " in tunnel " + sessionId);
    }
    byte[] payload = Arrays.copyOfRange(data, 1, data.length);
    replySizes.add(payload.length);
    replyObserver.accept(payload);
    bytesReceived += payload.length;
    pending.write(payload);
    return true;
  }

  /** Nothing to release: the HTTP client's connections go with it. The tunnel is left as it is. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "TunnelLink["
        + sessionId
        + ", "
        + requests
        + " requests, "
        + bytesReceived
        + " bytes in, last "
        + lastStatus
        + "]";
  }
}
