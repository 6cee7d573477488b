package io.rtmpt.webapp.loadgen;

import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.ChunkEncoder;
import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.handshake.ClientHandshake;
import io.rtmpt.engine.handshake.HandshakeResult;
import io.rtmpt.engine.message.Acknowledgement;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.MessageType;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.SetChunkSize;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.message.WindowAckSize;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of one RTMP connection, without I/O, on the engine's codec: {@link
 * ClientHandshake} (with the Flash Player 9 digest, as ffmpeg sends it), {@link ChunkEncoder},
 * {@link ChunkDecoder} and {@link MessageCodec}. Transports feed it what they receive ({@link
 * #onBytes}) and send what it queued, packet by packet ({@link #takePacket}) or all at once ({@link
 * #takeAll}); a packet is one handshake step or one RTMP message, which is what librtmp posts per
 * {@code /send}.
 *
 * <p>Besides the {@link CommandFlow} it answers what every real client answers: acknowledgements
 * once the server's window is received, ping responses. It announces a window of its own ({@link
 * #ACK_WINDOW}) so that the server acknowledges what it consumed; publishers read their throughput
 * from those acknowledgements ({@link #acknowledgedBytes}).
 *
 * <p>Not thread-safe: used on its connection's event loop only.
 */
public final class RtmpClientSession {
  /** The window this client announces: the server acknowledges every 1 MB it consumed. */
  static final long ACK_WINDOW = 1_000_000;

  /** Chunk size publishers switch to, as ffmpeg and OBS do. */
  static final int PUBLISH_CHUNK_SIZE = 4096;

  static final int COMMAND_CHUNK_STREAM = 3;
  static final int VIDEO_CHUNK_STREAM = 6;
  static final int CONTROL_CHUNK_STREAM = 2;

  private final CommandFlow commands;
  private ClientHandshake handshake = new ClientHandshake(true);
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
  private final ArrayDeque<byte[]> packets = new ArrayDeque<>();
  private final List<RawMessage> decoded = new ArrayList<>();
  private int queuedBytes;
  private int queuedMediaPackets;
  private boolean queuedControl;
  private long received;
  private long serverWindow;
  private long lastAcknowledgement;
  private volatile long acknowledged;
  private long lastAckSequence;
  private boolean closed;

  /** A session that will perform {@code role}, reporting to {@code events}. */
  public RtmpClientSession(Role role, CommandFlow.Events events) {
    this.commands = new CommandFlow(this, role, events);
  }

  /** Queues C0 C1. */
  public void start() {
    queue(handshake.start(), false);
  }

  /**
   * Takes in bytes from the server: the rest of the handshake, then chunks; replies are queued.
   *
   * @throws RtmpProtocolException when the server breaks the protocol; the session is then closed
   */
  public void onBytes(ByteBuffer in) throws RtmpProtocolException {
    if (closed) {
      return;
    }
    received += in.remaining();
    try {
      if (handshake != null) {
        HandshakeResult result = handshake.process(in);
        if (!result.complete()) {
          return;
        }
        queue(result.response(), false);
        handshake = null;
        commands.handshakeDone();
      }
      decoded.clear();
      decoder.decode(in, decoded::add);
      for (RawMessage message : decoded) {
        dispatch(message);
      }
    } catch (RtmpProtocolException | RuntimeException e) {
      closed = true;
      throw e;
    }
    if (serverWindow > 0 && received - lastAcknowledgement >= serverWindow) {
      lastAcknowledgement = received;
      send(new Acknowledgement(received & 0xFFFFFFFFL), CONTROL_CHUNK_STREAM, 0);
    }
  }

  private void dispatch(RawMessage raw) throws RtmpProtocolException {
    int type = raw.messageTypeId();
    if (type == MessageType.VIDEO.code()
        || type == MessageType.AUDIO.code()
        || type == MessageType.DATA_AMF0.code()) {
      commands.media(raw);
      return;
    }
    RtmpMessage message = MessageCodec.decode(raw);
    if (message instanceof WindowAckSize window) {
      serverWindow = window.size();
    } else if (message instanceof Acknowledgement ack) {
      long delta = (ack.sequenceNumber() - lastAckSequence) & 0xFFFFFFFFL;
      lastAckSequence = ack.sequenceNumber();
      acknowledged += delta;
    } else if (message instanceof UserControl control
        && control.eventType() == UserControl.PING_REQUEST) {
      send(UserControl.pingResponse(control.value()), CONTROL_CHUNK_STREAM, 0);
    } else {
      commands.message(message, raw.messageStreamId());
    }
  }

  /** Queues one message as one packet; a Set Chunk Size switches the encoder after it. */
  void send(RtmpMessage message, int chunkStreamId, int streamId) {
    queue(encoder.encode(MessageCodec.toRaw(message, chunkStreamId, streamId, 0)), false);
    if (message instanceof SetChunkSize size) {
      encoder.setChunkSize(size.chunkSize());
    }
  }

  /** Queues one video message on the publishing stream. */
  void sendVideo(byte[] payload, long timestamp) {
    RawMessage raw =
        new RawMessage(
            VIDEO_CHUNK_STREAM,
            MessageType.VIDEO.code(),
            commands.streamId(),
            timestamp & 0xFFFFFFFFL,
            payload);
    queue(encoder.encode(raw), true);
  }

  /** Queues the client's window announcement, so that the server acknowledges its input. */
  void announceWindow() {
    send(new WindowAckSize(ACK_WINDOW), CONTROL_CHUNK_STREAM, 0);
  }

  private void queue(byte[] packet, boolean media) {
    packets.add(packet);
    queuedBytes += packet.length;
    if (media) {
      queuedMediaPackets++;
    } else {
      queuedControl = true;
    }
  }

  /** Whether anything waits to be sent. */
  public boolean hasOutbound() {
    return !packets.isEmpty();
  }

  /** Bytes queued and not yet taken. */
  public int queuedBytes() {
    return queuedBytes;
  }

  /** Media packets queued and not yet taken. */
  public int queuedMediaPackets() {
    return queuedMediaPackets;
  }

  /** Whether a handshake step, command or control message waits (these go out at once). */
  public boolean hasQueuedControl() {
    return queuedControl;
  }

  /** The next packet, or null. */
  public byte[] takePacket() {
    byte[] packet = packets.poll();
    if (packet != null) {
      queuedBytes -= packet.length;
      if (packets.isEmpty()) {
        resetCounts();
      }
    }
    return packet;
  }

  /** Every queued packet, concatenated (empty when nothing is queued). */
  public byte[] takeAll() {
    if (packets.size() == 1) {
      return takePacket();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(queuedBytes);
    for (byte[] packet : packets) {
      out.write(packet, 0, packet.length);
    }
    packets.clear();
    queuedBytes = 0;
    resetCounts();
    return out.toByteArray();
  }

  private void resetCounts() {
    queuedMediaPackets = 0;
    queuedControl = false;
  }

  /** The role's commands and state. */
  public CommandFlow commands() {
    return commands;
  }

  /**
   * Bytes the server acknowledged having received so far (0 until its first acknowledgement); safe
   * to read from any thread.
   */
  public long acknowledgedBytes() {
    return acknowledged;
  }

  /** Bytes received from the server, handshake included. */
  public long receivedBytes() {
    return received;
  }

  /** Stops the role (a publisher's source) and refuses further input. */
  public void close() {
    closed = true;
    commands.close();
  }

  public boolean isClosed() {
    return closed;
  }
}
