package io.rtmpt.engine.testing;

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
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The one scripted RTMP client of the tests, built on the production codec ({@link
 * ClientHandshake}, {@link ChunkEncoder}, {@link ChunkDecoder}, {@link MessageCodec}) after
 * okhttp's MockHttp2Peer, over any {@link Link}: in memory, TCP or an RTMPT tunnel. It performs the
 * handshake, sends commands and media, and keeps every message it receives: unread ones in a queue
 * ({@link #next}, {@link #awaitCommand}, {@link #receive}) and all of them in {@link #history}.
 * {@link #assertExhausted} checks that nothing was left unread.
 *
 * <p>It reads only while a test waits for something, so a test can make it stop reading, like a
 * stalled player. Not thread-safe: one test thread drives it.
 *
 * @param <L> the link, for its own accessors ({@link #link})
 */
public final class RtmpScript<L extends Link> implements AutoCloseable {
  /** How long waits last unless {@link #withTimeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final L link;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
  private final ArrayDeque<RawMessage> received = new ArrayDeque<>();
  private final List<RawMessage> history = new ArrayList<>();
  private Duration timeout = DEFAULT_TIMEOUT;
  private double nextTransactionId = 1;

  private RtmpScript(L link) {
    this.link = link;
  }

  /** A client over {@code link} that has completed the handshake (with the FP9 digest). */
  public static <L extends Link> RtmpScript<L> start(L link) throws IOException {
    RtmpScript<L> script = new RtmpScript<>(link);
    script.handshake();
    return script;
  }

  /**
   * A client over {@code link} whose handshake the link has made already (an {@link RtmpeLink}): it
   * starts with the chunk stream.
   */
  public static <L extends Link> RtmpScript<L> afterHandshake(L link) {
    return new RtmpScript<>(link);
  }

  /** The same client waiting up to {@code timeout} from now on. */
  public RtmpScript<L> withTimeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** The link, for what only it knows (the session, the tunnel id, byte counts...). */
  public L link() {
    return link;
  }

  private void handshake() throws IOException {
    ClientHandshake handshake = new ClientHandshake(true);
    link.send(handshake.start());
    ByteBuffer pending = ByteBuffer.allocate(0);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!handshake.isComplete()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("handshake not complete after " + timeout);
      }
      byte[] bytes = link.receive(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      ByteBuffer grown = ByteBuffer.allocate(pending.remaining() + bytes.length);
      pending = grown.put(pending).put(bytes).flip();
      HandshakeResult result = handshake.process(pending);
      if (result.response().length > 0) {
        link.send(result.response());
      }
    }
    if (pending.hasRemaining()) {
      decoder.decode(pending, this::record);
    }
  }

  private void record(RawMessage message) {
    received.add(message);
    history.add(message);
  }

  /** Sends one message; a Set Chunk Size also changes the chunk size of what follows. */
  public void send(RtmpMessage message, int chunkStreamId, int streamId, long timestamp)
      throws IOException {
    byte[] bytes = encoder.encode(MessageCodec.toRaw(message, chunkStreamId, streamId, timestamp));
    if (message instanceof SetChunkSize size) {
      encoder.setChunkSize(size.chunkSize());
    }
    link.send(bytes);
  }

  /** Sends a raw message (for example one with an unknown type id). */
  public void sendRaw(RawMessage raw) throws IOException {
    link.send(encoder.encode(raw));
  }

  /** Sends bytes as they are: garbage, or a truncated chunk. */
  public void sendBytes(byte[] bytes) throws IOException {
    link.send(bytes);
  }

  /** Sends the first {@code keep} bytes of the message's chunks and closes the link. */
  public void closeMidChunk(RtmpMessage message, int streamId, int keep) throws IOException {
    byte[] bytes = encoder.encode(MessageCodec.toRaw(message, 4, streamId, 0));
    link.send(Arrays.copyOf(bytes, Math.min(keep, bytes.length)));
    link.close();
  }

  /** Sends a command with a fresh transaction id and returns that id; waits for nothing. */
  public double command(int streamId, String name, Object commandObject, Object... args)
      throws IOException {
    double transactionId = nextTransactionId++;
    send(
        new CommandMessage(name, transactionId, commandObject, List.of(args), false),
        3,
        streamId,
        0);
    return transactionId;
  }

  /** Sends a command with transaction id 0 (no reply expected); waits for nothing. */
  public void invoke(int streamId, String name, Object commandObject, Object... args)
      throws IOException {
    send(new CommandMessage(name, 0, commandObject, List.of(args), false), 3, streamId, 0);
  }

  /** Calls a command and returns its _result or _error; earlier messages stay queued. */
  public CommandMessage call(int streamId, String name, Object commandObject, Object... args)
      throws IOException {
    double transactionId = command(streamId, name, commandObject, args);
    return awaitCommand(
        c ->
            (c.name().equals("_result") || c.name().equals("_error"))
                && c.transactionId() == transactionId);
  }

  /** connect(app) with a Flash-like command object; returns its _result (or _error). */
  public CommandMessage connectApp(String app) throws IOException {
    return connectApp(
        app,
        AmfObject.of(
            "app",
            app,
            "type",
            "nonprivate",
            "flashVer",
            "FMLE/3.0 (compatible; RtmpScript)",
            "tcUrl",
            link.tcUrl(app),
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

  /** connect with the given command object; returns its _result (or _error). */
  public CommandMessage connectApp(String app, AmfObject connectObject) throws IOException {
    return call(0, "connect", connectObject);
  }

  /** createStream; returns the new stream id. */
  public int createStream() throws IOException {
    CommandMessage result = call(0, "createStream", null);
    if (!"_result".equals(result.name()) || !(result.argument(0) instanceof Number id)) {
      throw new IOException("createStream failed: " + result);
    }
    return id.intValue();
  }

  /** publish(name, "live") and the onStatus that answers it (earlier messages stay queued). */
  public CommandMessage publish(int streamId, String name) throws IOException {
    invoke(streamId, "publish", null, name, "live");
    return awaitCommand(c -> c.name().equals("onStatus"));
  }

  /** play(name, -2, -1, true) and its NetStream.Play.Start (earlier messages stay queued). */
  public CommandMessage play(int streamId, String name) throws IOException {
    invoke(streamId, "play", null, name, -2.0, -1.0, true);
    return awaitStatus("NetStream.Play.Start");
  }

  /** Waits for an onStatus with the given code, keeping the other messages for later reads. */
  public CommandMessage awaitStatus(String code) throws IOException {
    return awaitCommand(c -> c.name().equals("onStatus") && code.equals(statusCode(c)));
  }

  /** Waits for a command matching the predicate; messages before it stay queued. */
  public CommandMessage awaitCommand(Predicate<CommandMessage> predicate) throws IOException {
    return awaitCommand(predicate, timeout);
  }

  /** Waits up to {@code wait} for a command matching the predicate; others stay queued. */
  public CommandMessage awaitCommand(Predicate<CommandMessage> predicate, Duration wait)
      throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    int scanned = 0;
    while (true) {
      List<RawMessage> snapshot = new ArrayList<>(received);
      for (int i = scanned; i < snapshot.size(); i++) {
        if (MessageCodec.decode(snapshot.get(i)) instanceof CommandMessage c && predicate.test(c)) {
          received.remove(snapshot.get(i));
          return c;
        }
      }
      scanned = snapshot.size();
      if (System.nanoTime() > deadline) {
        throw new IOException("no matching command within " + wait + "; received " + describe());
      }
      try {
        receiveUntil(deadline);
      } catch (EOFException e) {
        throw new IOException(e.getMessage() + " while waiting; received " + describe(), e);
      }
    }
  }

  /** The next unread message, waiting up to {@code wait}; null on timeout or once closed. */
  public RawMessage next(Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (received.isEmpty()) {
      try {
        if (!receiveUntil(deadline)) {
          return null;
        }
      } catch (EOFException e) {
        return null;
      }
    }
    return received.poll();
  }

  /**
   * Takes in what arrives within {@code wait}; true when some bytes came.
   *
   * @throws EOFException once the server closed the link
   */
  public boolean receiveFor(Duration wait) throws IOException {
    return receiveUntil(System.nanoTime() + wait.toNanos());
  }

  private boolean receiveUntil(long deadline) throws IOException {
    long left = Math.max(0, deadline - System.nanoTime());
    byte[] bytes = link.receive(Duration.ofNanos(left));
    if (bytes.length > 0) {
      decoder.decode(ByteBuffer.wrap(bytes), this::record);
    }
    return bytes.length > 0;
  }

  /**
   * Every unread message that has arrived by now (the link hands over what is ready without
   * waiting), in order; they count as read.
   */
  public List<RawMessage> receive() throws IOException {
    try {
      receiveUntil(System.nanoTime());
    } catch (EOFException e) {
      // closed: what was read before is all there is
    }
    List<RawMessage> out = new ArrayList<>(received);
    received.clear();
    return out;
  }

  /** {@link #receive} decoded. */
  public List<RtmpMessage> receiveMessages() throws IOException {
    List<RtmpMessage> out = new ArrayList<>();
    for (RawMessage raw : receive()) {
      out.add(MessageCodec.decode(raw));
    }
    return out;
  }

  /** True when the server closed the link within {@code wait} (what arrives meanwhile is kept). */
  public boolean awaitClosed(Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        receiveUntil(deadline);
      } catch (RtmpProtocolException e) {
        throw e;
      } catch (IOException e) {
        return true; // end of stream, or the connection was reset
      }
    }
    return false;
  }

  /**
   * Fails unless everything received was read: no unread message, nothing more ready on the link,
   * no partial chunk. What okhttp's recorders and Netty's {@code finish()} check after a test.
   */
  public void assertExhausted() throws IOException {
    try {
      receiveUntil(System.nanoTime());
    } catch (EOFException e) {
      // closed: nothing more can come
    }
    if (!received.isEmpty() || !decoder.isIdle()) {
      List<String> unread = new ArrayList<>();
      for (RawMessage raw : received) {
        unread.add(String.valueOf(MessageCodec.decode(raw)));
      }
      throw new AssertionError("left over: " + unread + ", decoder " + decoder);
    }
  }

  /** Every message received so far, in order, read or not. */
  public List<RawMessage> history() {
    return List.copyOf(history);
  }

  /** Messages received so far with the given type id (8 audio, 9 video, 20 command...). */
  public long count(int messageTypeId) {
    return history.stream().filter(m -> m.messageTypeId() == messageTypeId).count();
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

  /** The onStatus codes among the messages, in order. */
  public static List<String> statusCodes(List<RtmpMessage> messages) {
    List<String> codes = new ArrayList<>();
    for (RtmpMessage m : messages) {
      if (m instanceof CommandMessage c && c.name().equals("onStatus")) {
        codes.add(statusCode(c));
      }
    }
    return codes;
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

  /** Closes the link. */
  @Override
  public void close() throws IOException {
    link.close();
  }

  @Override
  public String toString() {
    return "RtmpScript[" + link + ", " + history.size() + " messages]";
  }
}
