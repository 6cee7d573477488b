package io.rtmpt.engine.testing;

import io.rtmpt.engine.RtmpEngine;
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
import io.rtmpt.engine.session.ServerSession;
import io.rtmpt.engine.session.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client wired straight to a {@link ServerSession} in memory, with no transport: what it sends
 * goes into {@code onBytes}, what it receives is whatever {@code pollOutbound} returns when the
 * test asks ({@link #receive}). A peer that never calls receive is a player that stopped reading.
 */
public final class SessionPeer {
  private final ServerSession session;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
  private final AtomicInteger wakeUps = new AtomicInteger();
  private double nextTransactionId = 1;

  private SessionPeer(RtmpEngine engine, Transport transport, String address) throws IOException {
    this.session = engine.openSession(transport, address, wakeUps::incrementAndGet);
  }

  /** Opens a session and completes the handshake (with the Flash Player 9 digest). */
  public static SessionPeer open(RtmpEngine engine) throws IOException {
    SessionPeer peer =
        new SessionPeer(
            engine, Transport.RTMP, "127.0.0.1:" + (40000 + (int) (Math.random() * 20000)));
    ClientHandshake handshake = new ClientHandshake(true);
    peer.session.onBytes(ByteBuffer.wrap(handshake.start()));
    HandshakeResult result = handshake.process(ByteBuffer.wrap(peer.session.pollOutbound(1 << 20)));
    if (!result.complete()) {
      throw new IllegalStateException("handshake did not complete");
    }
    peer.session.onBytes(ByteBuffer.wrap(result.response()));
    return peer;
  }

  public ServerSession session() {
    return session;
  }

  /** How often the session told its transport that bytes are ready. */
  public int wakeUps() {
    return wakeUps.get();
  }

  public void send(RtmpMessage message, int chunkStreamId, int streamId, long timestamp)
      throws RtmpProtocolException {
    sendRaw(MessageCodec.toRaw(message, chunkStreamId, streamId, timestamp));
    if (message instanceof SetChunkSize size) {
      encoder.setChunkSize(size.chunkSize());
    }
  }

  public void sendRaw(RawMessage raw) throws RtmpProtocolException {
    session.onBytes(ByteBuffer.wrap(encoder.encode(raw)));
  }

  public void sendBytes(byte[] bytes) throws RtmpProtocolException {
    session.onBytes(ByteBuffer.wrap(bytes));
  }

  /** Everything the session has queued for this client, decoded. */
  public List<RawMessage> receive() throws RtmpProtocolException {
    List<RawMessage> out = new ArrayList<>();
    while (true) {
      byte[] bytes = session.pollOutbound(1 << 20);
      if (bytes.length == 0) {
        return out;
      }
      decoder.decode(ByteBuffer.wrap(bytes), out::add);
    }
  }

  /** Received messages decoded to typed messages. */
  public List<RtmpMessage> receiveMessages() throws RtmpProtocolException {
    List<RtmpMessage> out = new ArrayList<>();
    for (RawMessage raw : receive()) {
      out.add(MessageCodec.decode(raw));
    }
    return out;
  }

  /** Sends a command with a fresh transaction id and returns that id. */
  public double command(int streamId, String name, Object commandObject, Object... args)
      throws RtmpProtocolException {
    double id = nextTransactionId++;
    send(new CommandMessage(name, id, commandObject, List.of(args), false), 3, streamId, 0);
    return id;
  }

  /** connect(app), createStream; returns the stream id. Replies are consumed. */
  public int connectAndCreateStream(String app) throws RtmpProtocolException {
    command(
        0,
        "connect",
        AmfObject.of(
            "app",
            app,
            "tcUrl",
            "rtmp://localhost/" + app,
            "flashVer",
            "FMLE/3.0 (compatible; SessionPeer)"));
    command(0, "createStream", null);
    for (RtmpMessage m : receiveMessages()) {
      if (m instanceof CommandMessage c
          && c.name().equals("_result")
          && c.argument(0) instanceof Number id) {
        return id.intValue();
      }
    }
    throw new IllegalStateException("no createStream result");
  }

  /** The onStatus codes among the messages, in order. */
  public static List<String> statusCodes(List<RtmpMessage> messages) {
    List<String> codes = new ArrayList<>();
    for (RtmpMessage m : messages) {
      if (m instanceof CommandMessage c && c.name().equals("onStatus")) {
        codes.add(RtmpTestClient.statusCode(c));
      }
    }
    return codes;
  }
}
