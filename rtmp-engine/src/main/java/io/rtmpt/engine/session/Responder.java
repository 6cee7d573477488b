package io.rtmpt.engine.session;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.command.Replies;
import io.rtmpt.engine.command.StatusCode;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.RtmpMessage;

/**
 * How a session answers: command replies, status messages and control messages, each on its chunk
 * stream ({@link ChunkStreams}).
 *
 * <p><b>The one rule for AMF0 or AMF3 replies.</b> A {@code _result} or {@code _error} answers one
 * request and goes in the same message type as that request: type 17 (AMF3 command) when the
 * request came as 17, else type 20. An {@code onStatus} answers no single message and follows the
 * {@code objectEncoding} the client asked for in connect: 3 gives type 17, anything else type 20
 * (connect's own {@code _result} follows its request, as any result does). Either way the values
 * are written as AMF0, which an AMF3 command message carries behind its 0x00 format byte: what
 * Flash Player and FMS do, and what ffmpeg, OBS and librtmp read.
 */
final class Responder {
  private final OutboundQueue out;
  private volatile boolean statusAmf3;

  Responder(OutboundQueue out) {
    this.out = out;
  }

  /** Applies connect's {@code objectEncoding} to every later onStatus. */
  void objectEncoding(double objectEncoding) {
    statusAmf3 = objectEncoding == 3;
  }

  /** {@code _result} for {@code request} with a command object and one value. */
  void result(CommandMessage request, Object commandObject, Object value) {
    reply(Replies.result(request.transactionId(), commandObject, value, request.amf3()));
  }

  /** {@code _result} with nothing in it, when the request expects a reply (transaction id set). */
  void resultIfAsked(CommandMessage request) {
    if (request.transactionId() != 0) {
      result(request, null, null);
    }
  }

  /** {@code _error} NetConnection.Call.Failed for {@code request}. */
  void callFailed(CommandMessage request, String description) {
    error(request, StatusCode.CALL_FAILED, description);
  }

  /** {@code _error} with {@code code} (e.g. NetConnection.Connect.Rejected) for {@code request}. */
  void error(CommandMessage request, String code, String description) {
    reply(Replies.error(request.transactionId(), code, description, request.amf3()));
  }

  /** Queues an {@code onStatus} on message stream {@code streamId}. */
  void status(int streamId, String level, String code, String description) {
    out.add(statusMessage(streamId, level, code, description));
  }

  /** An {@code onStatus} message, for callers that queue it under the queue's lock themselves. */
  RawMessage statusMessage(int streamId, String level, String code, String description) {
    return MessageCodec.toRaw(
        Replies.onStatus(level, code, description, statusAmf3), ChunkStreams.COMMAND, streamId, 0);
  }

  /** Queues a protocol or user control message (chunk stream 2, message stream 0). */
  void control(RtmpMessage message) {
    out.add(controlMessage(message));
  }

  /** A control message, for callers that queue it under the queue's lock themselves. */
  static RawMessage controlMessage(RtmpMessage message) {
    return MessageCodec.toRaw(message, ChunkStreams.CONTROL, 0, 0);
  }

  /** Queues a data message on message stream {@code streamId}. */
  void data(int streamId, RtmpMessage message) {
    out.add(MessageCodec.toRaw(message, ChunkStreams.DATA, streamId, 0));
  }

  private void reply(CommandMessage reply) {
    out.add(MessageCodec.toRaw(reply, ChunkStreams.COMMAND, 0, 0));
  }
}
