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
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A scripted RTMP client for tests and benchmarks, built on the production codec (after okhttp's
 * MockHttp2Peer): it performs the handshake, sends commands and media, and records every message it
 * receives. Fault options: stop reading (a slow player), close in the middle of a chunk, send
 * garbage.
 */
public final class RtmpTestClient implements Closeable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
  private final ArrayDeque<RawMessage> received = new ArrayDeque<>();
  private final List<RawMessage> history = new ArrayList<>();
  private final byte[] readBuffer = new byte[64 * 1024];
  private double nextTransactionId = 1;
  private long bytesReceived;

  private RtmpTestClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects over TCP and completes the handshake. */
  public static RtmpTestClient connect(String host, int port) throws IOException {
    return connect(host, port, 0);
  }

  /**
   * Connects with a given receive buffer size (0 = system default); a small buffer makes a client
   * that stops reading stall the server's writes quickly.
   */
  public static RtmpTestClient connect(String host, int port, int receiveBufferSize)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBufferSize > 0) {
      socket.setReceiveBufferSize(receiveBufferSize);
    }
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(10_000);
    RtmpTestClient client = new RtmpTestClient(socket);
    client.handshake();
    return client;
  }

  private void handshake() throws IOException {
    ClientHandshake handshake = new ClientHandshake(true);
    out.write(handshake.start());
    out.flush();
    ByteBuffer pending = ByteBuffer.allocate(0);
    while (!handshake.isComplete()) {
      int n = in.read(readBuffer);
      if (n < 0) {
        throw new IOException("server closed the connection during the handshake");
      }
      pending = append(pending, readBuffer, n);
      HandshakeResult result = handshake.process(pending);
      if (result.response().length > 0) {
        out.write(result.response());
        out.flush();
      }
    }
    if (pending.hasRemaining()) {
      decoder.decode(pending, this::record);
    }
  }

  private static ByteBuffer append(ByteBuffer pending, byte[] bytes, int n) {
    ByteBuffer grown = ByteBuffer.allocate(pending.remaining() + n);
    grown.put(pending).put(bytes, 0, n).flip();
    return grown;
  }

  private void record(RawMessage message) {
    received.add(message);
    history.add(message);
  }

  /** Sends one message. */
  public void send(RtmpMessage message, int chunkStreamId, int streamId, long timestamp)
      throws IOException {
    RawMessage raw = MessageCodec.toRaw(message, chunkStreamId, streamId, timestamp);
    out.write(encoder.encode(raw));
    if (message instanceof SetChunkSize size) {
      encoder.setChunkSize(size.chunkSize());
    }
    out.flush();
  }

  /** Sends a raw message (for example one with an unknown type id). */
  public void sendRaw(RawMessage raw) throws IOException {
    out.write(encoder.encode(raw));
    out.flush();
  }

  /** Writes bytes as they are: garbage, or a truncated chunk. */
  public void sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Writes the first {@code keep} bytes of the message's chunks and closes the socket. */
  public void closeMidChunk(RtmpMessage message, int streamId, int keep) throws IOException {
    byte[] bytes = encoder.encode(MessageCodec.toRaw(message, 4, streamId, 0));
    out.write(bytes, 0, Math.min(keep, bytes.length));
    out.flush();
    socket.close();
  }

  /** Calls a command and returns its _result or _error. */
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
        Duration.ofSeconds(10));
  }

  /** Sends a command without waiting for any reply. */
  public void invoke(int streamId, String name, Object commandObject, Object... args)
      throws IOException {
    send(new CommandMessage(name, 0, commandObject, List.of(args), false), 3, streamId, 0);
  }

  /** connect(app) and returns its _result (or _error). */
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
            "FMLE/3.0 (compatible; RtmpTestClient)",
            "tcUrl",
            "rtmp://test/" + app));
  }

  public int createStream() throws IOException {
    CommandMessage result = call(0, "createStream", null);
    if (!"_result".equals(result.name()) || !(result.argument(0) instanceof Number id)) {
      throw new IOException("createStream failed: " + result);
    }
    return id.intValue();
  }

  /** publish(name, "live") and the onStatus that answers it. */
  public CommandMessage publish(int streamId, String name) throws IOException {
    invoke(streamId, "publish", null, name, "live");
    return awaitCommand(c -> c.name().equals("onStatus"), Duration.ofSeconds(10));
  }

  /** play(name) and the onStatus that answers it (NetStream.Play.Reset comes first). */
  public CommandMessage play(int streamId, String name) throws IOException {
    invoke(streamId, "play", null, name, -2.0, -1.0, true);
    return awaitStatus("NetStream.Play.Start");
  }

  /** Waits for an onStatus with the given code, keeping the other messages for later reads. */
  public CommandMessage awaitStatus(String code) throws IOException {
    return awaitCommand(
        c -> c.name().equals("onStatus") && code.equals(statusCode(c)), Duration.ofSeconds(10));
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

  /** Waits for a command matching the predicate; messages before it stay queued. */
  public CommandMessage awaitCommand(Predicate<CommandMessage> predicate, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int scanned = 0;
    while (true) {
      List<RawMessage> snapshot = new ArrayList<>(received);
      for (int i = scanned; i < snapshot.size(); i++) {
        RtmpMessage m = MessageCodec.decode(snapshot.get(i));
        if (m instanceof CommandMessage c && predicate.test(c)) {
          received.remove(snapshot.get(i));
          return c;
        }
      }
      scanned = snapshot.size();
      if (System.nanoTime() > deadline || !readSome(deadline)) {
        throw new IOException("no matching command within " + timeout + "; received " + describe());
      }
    }
  }

  /** The next received message, waiting up to the timeout; null on timeout. */
  public RawMessage next(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.isEmpty()) {
      if (!readSome(deadline)) {
        return null;
      }
    }
    return received.poll();
  }

  /** Reads from the socket until at least one more message arrived; false on timeout or EOF. */
  private boolean readSome(long deadline) throws IOException {
    int before = history.size();
    while (history.size() == before) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout((int) Math.max(1, left));
      int n;
      try {
        n = in.read(readBuffer);
      } catch (SocketTimeoutException e) {
        return false;
      }
      if (n < 0) {
        return false;
      }
      bytesReceived += n;
      decoder.decode(ByteBuffer.wrap(readBuffer, 0, n), this::record);
    }
    return true;
  }

  /** True when the server closed the connection within the timeout (reads and drops data). */
  public boolean awaitClosed(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout((int) Math.max(1, left));
      try {
        int n = in.read(readBuffer);
        if (n < 0) {
          return true;
        }
        decoder.decode(ByteBuffer.wrap(readBuffer, 0, n), this::record);
      } catch (SocketTimeoutException e) {
        return false;
      } catch (RtmpProtocolException e) {
        throw e;
      } catch (IOException e) {
        return true; // connection reset
      }
    }
  }

  /** Every message received so far, in order. */
  public List<RawMessage> history() {
    return List.copyOf(history);
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  private String describe() throws RtmpProtocolException {
    StringBuilder sb = new StringBuilder();
    for (RawMessage m : history) {
      sb.append(MessageCodec.decode(m)).append("; ");
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
