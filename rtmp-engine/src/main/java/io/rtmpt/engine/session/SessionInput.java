package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.crypto.TransportCipher;
import io.rtmpt.engine.handshake.HandshakeResult;
import io.rtmpt.engine.handshake.HandshakeType;
import io.rtmpt.engine.handshake.ServerHandshake;
import io.rtmpt.engine.message.Acknowledgement;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The input side of one session, from bytes to messages acted on: the handshake (and, for RTMPE,
 * the start of the {@link TransportCipher}), then decryption, the chunk decoder and the {@link
 * AckWindow}, and each message either handed to the {@link MessageRouter} or, while a gate decision
 * is pending, held by the {@link Admission}. The session's life cycle stays in {@link
 * ServerSession}, which calls this under its input lock only.
 */
final class SessionInput {
  private final ServerSession session;
  private final SessionEvents events;
  private final ServerHandshake handshake;
  private final TransportCipher cipher;
  private final ChunkDecoder decoder;
  private final OutboundQueue out;
  private final AckWindow ack;
  private final Admission admission;
  private final MessageRouter router;
  private final List<RawMessage> decoded = new ArrayList<>();
  private volatile HandshakeType handshakeType;

  SessionInput(
      ServerSession session,
      SessionRegistry host,
      TransportCipher cipher,
      OutboundQueue out,
      AckWindow ack,
      Admission admission,
      MessageRouter router) {
    this.session = session;
    this.events = host.events();
    this.handshake = new ServerHandshake(host.config().handshakePolicy());
    this.decoder = new ChunkDecoder(host.config().chunkLimits());
    this.cipher = cipher;
    this.out = out;
    this.ack = ack;
    this.admission = admission;
    this.router = router;
  }

  /**
   * Feeds handshake bytes from {@code in} and queues the server's answer.
   *
   * @return true once C2 is in (what is left of {@code in} is chunks), false while incomplete
   */
  boolean handshake(ByteBuffer in) throws RtmpProtocolException {
    int before = in.position();
    HandshakeResult result = handshake.process(in);
    ack.received(in.position() - before);
    if (handshakeType == null && handshake.type().isPresent()) {
      handshakeType = handshake.type().get();
      events.handshakeAccepted(session.info(), handshakeType);
    }
    if (result.response().length > 0) {
      handshake.rtmpeKeys().ifPresent(k -> cipher.start(k, result.response().length));
      out.addRaw(result.response());
    }
    return result.complete();
  }

  /**
   * Decrypts and decodes all of {@code in}, acts on (or holds) each message, and queues an
   * Acknowledgement when one is due. Stops acting once a message closed the session.
   */
  void decodeAndRoute(ByteBuffer in) throws RtmpProtocolException {
    int before = in.position();
    decoded.clear();
    try {
      cipher.decrypt(in);
      decoder.decode(in, decoded::add);
      ack.received(in.position() - before);
      for (RawMessage raw : decoded) {
        if (!admission.hold(raw)) { // held ones are acted on once the decision is in: routeHeld
          router.route(raw);
          if (session.isClosed()) {
            return;
          }
        }
      }
      acknowledgeIfDue();
    } finally {
      decoded.clear();
    }
  }

  /** Acts on the held messages until they are done or a new decision is pending. */
  void routeHeld() throws RtmpProtocolException {
    RawMessage raw;
    while (!session.isClosed() && (raw = admission.nextHeld()) != null) {
      router.route(raw);
    }
    if (!session.isClosed()) {
      acknowledgeIfDue();
    }
  }

  private void acknowledgeIfDue() {
    Acknowledgement due = ack.due();
    if (due != null) {
      out.add(Responder.controlMessage(due));
    }
  }

  /** The handshake type the client's C0 asked for, or null before C0; any thread. */
  HandshakeType handshakeType() {
    return handshakeType;
  }
}
