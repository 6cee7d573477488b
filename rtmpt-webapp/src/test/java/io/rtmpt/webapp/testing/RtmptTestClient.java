package io.rtmpt.webapp.testing;

import io.rtmpt.engine.amf.AmfObject;
import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.ChunkEncoder;
import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.handshake.ClientHandshake;
import io.rtmpt.engine.handshake.HandshakeResult;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.SetChunkSize;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A scripted RTMP client that speaks RTMPT: the production handshake and chunk codec ({@link
 * ClientHandshake}, {@link ChunkEncoder}, {@link ChunkDecoder}, {@link MessageCodec}) over {@code
 * /open/1}, {@code /send}, {@code /idle} and {@code /close} posts, with sequence numbers from 0
 * like ffmpeg and librtmp. It polls only when the test tells it to (directly or while waiting for a
 * message), so a test can make it stop polling, like a stalled player.
 *
 * <p>Counts its HTTP requests and the tunnelled bytes it received, and remembers the status of the
 * last reply: after a non-200 the tunnel is over and further requests are refused here.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class RtmptTestClient implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  private static final byte[] IDLE_BODY = {0};

  private final HttpClient http;
  private final String base;
  private final String sessionId;
  private final ClientHandshake handshake = new ClientHandshake(true);
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
  private final ArrayDeque<RawMessage> received = new ArrayDeque<>();
  private final List<RawMessage> history = new ArrayList<>();
  private ByteBuffer handshakeBytes = ByteBuffer.allocate(0);
  private long sequence;
  private int requests;
  private long bytesReceived;
  private long bytesSent;
  private int lastStatus;
  private double nextTransactionId = 1;

  private RtmptTestClient(HttpClient http, String base, String sessionId) {
    this.http = http;
    this.base = base;
    this.sessionId = sessionId;
    this.requests = 1;
    this.lastStatus = 200;
  }

  /**
   * The HTTP client the tunnels use: HTTP/1.1, one keep-alive connection per tunnel in practice.
   */
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
            .header("User-Agent", "RtmptTestClient")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while posting " + path, e);
    }
  }

  /** {@code /open/1}; fails unless it is answered 200 with a session id. */
  public static RtmptTestClient open(String base) throws IOException {
    HttpClient http = httpClient();
    HttpResponse<byte[]> reply = post(http, base, "/open/1", IDLE_BODY);
    if (reply.statusCode() != 200) {
      throw new IOException("/open/1 answered " + reply.statusCode());
    }
    String id = new String(reply.body(), StandardCharsets.US_ASCII).trim();
    if (id.isEmpty()) {
      throw new IOException("/open/1 answered 200 without a session id");
    }
    return new RtmptTestClient(http, base, id);
  }

  /** Opens a tunnel and completes the RTMP handshake through it. */
  public static RtmptTestClient connect(String base) throws IOException {
    RtmptTestClient client = open(base);
    client.handshake();
    return client;
  }

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

  /** Status of the last reply; anything but 200 ended the tunnel. */
  public int lastStatus() {
    return lastStatus;
  }

  public boolean isEnded() {
    return lastStatus != 200;
  }

  /** C0 C1 in one {@code /send}, polls until S0 S1 S2 are in, then C2 in a {@code /send}. */
  public void handshake() throws IOException {
    byte[] c0c1 = handshake.start();
    long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
    exchange("send", c0c1);
    while (!handshake.isComplete()) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "RTMP handshake through the tunnel not complete after " + REQUEST_TIMEOUT);
      }
      poll();
    }
  }

  /** One {@code /idle}; returns false when it was not answered 200 (the tunnel is over). */
  public boolean poll() throws IOException {
    return exchange("idle", IDLE_BODY);
  }

  /** Sends one message in its own {@code /send}; the reply's bytes are taken in as usual. */
  public void send(RtmpMessage message, int chunkStreamId, int streamId, long timestamp)
      throws IOException {
    byte[] bytes = encoder.encode(MessageCodec.toRaw(message, chunkStreamId, streamId, timestamp));
    if (message instanceof SetChunkSize size) {
      encoder.setChunkSize(size.chunkSize());
    }
    if (!exchange("send", bytes)) {
      throw new IOException("/send answered " + lastStatus + " in tunnel " + sessionId);
    }
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

  /** Calls a command on stream 0 or {@code streamId} and waits for its _result or _error. */
  public CommandMessage call(int streamId, String name, Object commandObject, Object... args)
      throws IOException {
    double transactionId = nextTransactionId++;
    send(
        new CommandMessage(name, transactionId, commandObject, List.of(args), false),
        3,
        streamId,
        0);
    return awaitCommand(
        c ->
            (c.name().equals("_result") || c.name().equals("_error"))
                && c.transactionId() == transactionId,
        REQUEST_TIMEOUT);
  }

  /** connect(app) with a tcUrl through the tunnel; returns its _result (or _error). */
  public CommandMessage connectApp(String app) throws IOException {
    return call(
        0,
        "connect",
        AmfObject.of(
            "app",
            app,
            "type",
            "nonprivate",
            "flashVer",
            "LNX 9,0,124,2",
            "tcUrl",
            base.replaceFirst("^http", "rtmpt") + "/" + app,
            "fpad",
            false,
            "capabilities",
            15.0,
            "audioCodecs",
            4071.0,
            "videoCodecs",
            252.0,
            "videoFunction",
            1.0));
  }

  public int createStream() throws IOException {
    CommandMessage result = call(0, "createStream", null);
    if (!"_result".equals(result.name()) || !(result.argument(0) instanceof Number id)) {
      throw new IOException("createStream failed: " + result);
    }
    return id.intValue();
  }

  /** play(name) as a live stream; returns the NetStream.Play.Start onStatus. */
  public CommandMessage play(int streamId, String name) throws IOException {
    send(new CommandMessage("play", 0, null, List.of(name, -1000.0), false), 8, streamId, 0);
    return awaitStatus("NetStream.Play.Start");
  }

  /** publish(name, "live"); returns the onStatus that answers it. */
  public CommandMessage publish(int streamId, String name) throws IOException {
    send(new CommandMessage("publish", 0, null, List.of(name, "live"), false), 8, streamId, 0);
    return awaitCommand(c -> c.name().equals("onStatus"), REQUEST_TIMEOUT);
  }

  public CommandMessage awaitStatus(String code) throws IOException {
    return awaitCommand(
        c -> c.name().equals("onStatus") && code.equals(statusCode(c)), REQUEST_TIMEOUT);
  }

  /** The "code" of an onStatus/_result/_error info object, or null. */
  public static String statusCode(CommandMessage c) {
    for (Object arg : c.arguments()) {
      if (arg instanceof Map<?, ?> info && info.get("code") instanceof String code) {
        return code;
      }
    }
    return null;
  }

  /** Polls until a command matching the predicate arrived; messages before it stay queued. */
  public CommandMessage awaitCommand(Predicate<CommandMessage> predicate, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (RawMessage raw : new ArrayList<>(received)) {
        if (MessageCodec.decode(raw) instanceof CommandMessage c && predicate.test(c)) {
          received.remove(raw);
          return c;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "no matching command within "
                + timeout
                + " in tunnel "
                + sessionId
                + "; received "
                + describe());
      }
      if (!poll()) {
        throw new IOException(
            "tunnel "
                + sessionId
                + " ended ("
                + lastStatus
                + ") while waiting for a command; received "
                + describe());
      }
    }
  }

  /**
   * The next message, polling for up to {@code timeout}; null when none came or the tunnel ended.
   */
  public RawMessage next(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.isEmpty()) {
      if (System.nanoTime() > deadline || !poll()) {
        return null;
      }
    }
    return received.poll();
  }

  /** Every message received so far, in order. */
  public List<RawMessage> history() {
    return List.copyOf(history);
  }

  /** Messages received so far with the given type id (8 audio, 9 video, 20 command...). */
  public long count(int messageTypeId) {
    return history.stream().filter(m -> m.messageTypeId() == messageTypeId).count();
  }

  /** Drops the queue of unread messages (the history stays). */
  public void clearReceived() {
    received.clear();
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
    take(Arrays.copyOfRange(data, 1, data.length));
    return true;
  }

  private void take(byte[] payload) throws IOException {
    bytesReceived += payload.length;
    ByteBuffer in = ByteBuffer.wrap(payload);
    if (!handshake.isComplete()) {
      ByteBuffer grown = ByteBuffer.allocate(handshakeBytes.remaining() + in.remaining());
      grown.put(handshakeBytes).put(in).flip();
      handshakeBytes = grown;
      HandshakeResult result = handshake.process(handshakeBytes);
      if (!handshake.isComplete()) {
        return;
      }
      in = handshakeBytes;
      handshakeBytes = ByteBuffer.allocate(0);
      if (result.response().length > 0) {
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        decoder.decode(ByteBuffer.wrap(rest), this::record);
        exchange("send", result.response());
        return;
      }
    }
    decoder.decode(in, this::record);
  }

  private void record(RawMessage message) {
    received.add(message);
    history.add(message);
  }

  private String describe() {
    StringBuilder sb = new StringBuilder();
    for (RawMessage m : history) {
      try {
        RtmpMessage decoded = MessageCodec.decode(m);
        sb.append(
            decoded instanceof CommandMessage ? decoded.toString() : decoded.type().toString());
      } catch (IOException e) {
        sb.append(m);
      }
      sb.append("; ");
    }
    return sb.toString();
  }

  /** Nothing to release: the HTTP client's connections go with it. The tunnel is left as it is. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "RtmptTestClient["
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
