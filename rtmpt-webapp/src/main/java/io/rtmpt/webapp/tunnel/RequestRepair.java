package io.rtmpt.webapp.tunnel;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.zip.CRC32C;

/**
 * What one session remembers to repair what a failed request leaves behind: the HTTP connections
 * its requests came on, the body of the last request it ran, and the data of the last reply until
 * the next request shows whether it arrived.
 *
 * <p>The client this is built on is ffmpeg (libavformat/rtmphttp.c, measured with 5.1 through a
 * fault-injecting proxy; see client-behaviour.md): its requests are strictly sequential, and when
 * one fails (reset, lost, an error status) it keeps that request's body and posts it again, in
 * front of whatever it wrote since, as its next request: the next sequence number, on a new TCP
 * connection, always as a {@code /send}. An {@code /idle}'s body is the single byte {@code 0x00},
 * so after a failed idle that {@code /send} starts with a stray {@code 0x00} that must never reach
 * the RTMP stream. Two cases follow, told apart by whether the server saw the failed request:
 *
 * <ul>
 *   <li>it did not (the request was lost on the way): the session sees a gap, and the request after
 *       it on a new connection. The session takes the missing numbers as lost ({@link
 *       RequestOrder#skipTo}); a leading {@code 0x00} is the lost idle's body and is dropped
 *       ({@link #judge}, {@code afterLoss}). RTMP chunks from ffmpeg never start with {@code 0x00}
 *       (a basic header with chunk stream id 0 in its first byte; ffmpeg uses ids 2 to 8).
 *   <li>it did (the reply was lost): the next request repeats the body of the one before, which was
 *       fed already (a send) or was never data (an idle's {@code 0x00}): that prefix is dropped,
 *       and the reply that was lost is sent again, so the server-to-client byte stream stays whole.
 *       A reply lost part-way (after its headers) cannot be told from one that arrived, and ffmpeg
 *       then gives up on its own.
 * </ul>
 *
 * Both need the request to come on a connection this session has not used before: a client that
 * moves to a new connection for no failure (the Red5 client after {@code Connection: close}) posts
 * an {@code /idle} or new data, never the previous body again. Bodies are compared by length and
 * CRC-32C, so nothing but the last reply's data is kept.
 *
 * <p>It also counts requests per connection, for the keep-alive diagnosis when a tunnel ends.
 *
 * <p>Not thread-safe: guarded by the owning session's lock.
 */
final class RequestRepair {

  /** Connections remembered per session (most recent first to go is the oldest). */
  static final int REMEMBERED_CONNECTIONS = 16;

  /**
   * What to do with a request's body and reply.
   *
   * @param skipBytes leading bytes of the body not to feed
   * @param resend data of a lost reply to answer with instead of new data, or null
   * @param reason what was repaired, for the log, or null when nothing was
   */
  record Repair(int skipBytes, ByteBuffer resend, String reason) {
    static final Repair NONE = new Repair(0, null, null);
  }

  private final LinkedHashSet<String> connections = new LinkedHashSet<>();
  private String lastConnection;
  private int lastLocalPort;
  private long requestsOnLastConnection;
  private int connectionsUsed;

  private long lastRunSequence = RtmptPath.NO_SEQUENCE;
  private RtmptCommand lastRunCommand;
  private int lastBodyLength;
  private long lastBodyCrc;

  private long lastReplySequence = RtmptPath.NO_SEQUENCE;
  private ByteBuffer lastReplyData;

  /**
   * Records a request (the {@code /open/1} too) on {@code connectionId}, at local port {@code
   * localPort}.
   *
   * @return true if the session has not seen that connection before
   */
  boolean arrived(String connectionId, int localPort) {
    lastLocalPort = localPort;
    if (connectionId.equals(lastConnection)) {
      requestsOnLastConnection++;
      return false;
    }
    lastConnection = connectionId;
    requestsOnLastConnection = 1;
    boolean fresh = !connections.remove(connectionId);
    connections.add(connectionId);
    if (connections.size() > REMEMBERED_CONNECTIONS) {
      Iterator<String> oldest = connections.iterator();
      oldest.next();
      oldest.remove();
    }
    if (fresh) {
      connectionsUsed++;
    }
    return fresh;
  }

  /**
   * Decides what of a sequenced request's body is fed and what it is answered with; call it when
   * the request runs, before {@link #ran}.
   *
   * @param afterLoss the request came after numbers taken as lost
   * @param newConnection it came on a connection new to the session
   */
  Repair judge(
      RtmptCommand command, long sequence, byte[] body, boolean afterLoss, boolean newConnection) {
    if (command != RtmptCommand.SEND || body.length == 0) {
      return Repair.NONE;
    }
    if (afterLoss) {
      return body[0] == 0
          ? new Repair(1, null, "dropped the stray 0x00 a lost /idle left at the front of the body")
          : Repair.NONE;
    }
    if (!newConnection
        || lastRunSequence == RtmptPath.NO_SEQUENCE
        || sequence != lastRunSequence + 1
        || lastBodyLength == 0
        || body.length < lastBodyLength
        || crc(body, lastBodyLength) != lastBodyCrc) {
      return Repair.NONE;
    }
    ByteBuffer resend =
        lastReplySequence == lastRunSequence
                && lastReplyData != null
                && lastReplyData.hasRemaining()
            ? lastReplyData
            : null;
    String what =
        lastRunCommand == RtmptCommand.IDLE
            ? "dropped the stray 0x00 of /idle seq " + lastRunSequence + ", whose reply was lost"
            : "dropped the "
                + lastBodyLength
                + " bytes of /send seq "
                + lastRunSequence
                + " it repeats (fed already; its reply was lost)";
    return new Repair(
        lastBodyLength,
        resend,
        what
            + (resend == null ? "" : "; sent that reply's " + resend.remaining() + " bytes again"));
  }

  /** Records the body of a sequenced request that ran (an abandoned one too). */
  void ran(RtmptCommand command, long sequence, byte[] body) {
    lastRunSequence = sequence;
    lastRunCommand = command;
    lastBodyLength = body.length;
    lastBodyCrc = crc(body, body.length);
  }

  /** Keeps the data of the reply to {@code sequence} until the next request runs. */
  void replied(long sequence, ByteBuffer data) {
    lastReplySequence = sequence;
    lastReplyData = data;
  }

  /** Connections the session has used. */
  int connectionsUsed() {
    return connectionsUsed;
  }

  /** Requests on the connection of the latest one, that one included. */
  long requestsOnLastConnection() {
    return requestsOnLastConnection;
  }

  /** The local (server) port of the latest request. */
  int lastLocalPort() {
    return lastLocalPort;
  }

  private static long crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return crc.getValue();
  }
}
