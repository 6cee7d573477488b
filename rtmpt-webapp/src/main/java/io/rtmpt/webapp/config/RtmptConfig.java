package io.rtmpt.webapp.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the RTMPT tunnel layer. {@link #from(Settings)} reads them by the keys below; each
 * key's default is the {@code DEFAULT_*} constant next to it.
 *
 * @param idleHold how long an {@code /idle} whose reply would carry no data is held before it is
 *     answered with only the polling byte; zero answers at once. Released early when the peer has
 *     data, the peer closes, or another request of the session arrives.
 * @param sessionTimeout a session with no request for this long is closed (its peer too); a request
 *     in progress counts as activity
 * @param maxSessions most open sessions in total; {@code /open/1} beyond it gets 503
 * @param maxSessionsPerAddress most open sessions per client address; beyond it 503
 * @param maxRequestBytes largest request body accepted; a larger one gets 413
 * @param maxReplyBytes most tunnelled bytes in one reply (the polling byte comes on top), except
 *     that a single RTMP message larger than this goes alone in one reply (engine mode: messages
 *     are never split across replies)
 * @param reorderWindow how far ahead of the next expected sequence number a request may be and
 *     still wait for its predecessors; a request further ahead gets 400
 * @param reorderTimeout how long a request may wait for its predecessors before the session is
 *     failed (a lost request means a corrupt RTMP stream)
 * @param ident2Response body of a 200 reply to {@code /fcs/ident2}, or null to answer 404 as FMS
 *     and Red5 do
 * @param nodeId this node's id, put at the start of every session id it issues so that a load
 *     balancer can route a tunnel's requests to it by path ({@code [a-z0-9]}, 1 to 16 characters;
 *     see {@code tunnel.SessionIds}), or empty for none
 */
public record RtmptConfig(
    Duration idleHold,
    Duration sessionTimeout,
    int maxSessions,
    int maxSessionsPerAddress,
    int maxRequestBytes,
    int maxReplyBytes,
    int reorderWindow,
    Duration reorderTimeout,
    String ident2Response,
    String nodeId) {

  public static final String IDLE_HOLD = "rtmpt.idle-hold-ms";
  public static final String SESSION_TIMEOUT = "rtmpt.session-timeout-ms";
  public static final String MAX_SESSIONS = "rtmpt.max-sessions";
  public static final String MAX_SESSIONS_PER_ADDRESS = "rtmpt.max-sessions-per-address";
  public static final String MAX_REQUEST_BYTES = "rtmpt.max-request-bytes";
  public static final String MAX_REPLY_BYTES = "rtmpt.max-reply-bytes";
  public static final String REORDER_WINDOW = "rtmpt.reorder-window";
  public static final String REORDER_TIMEOUT = "rtmpt.reorder-timeout-ms";
  public static final String IDENT2_RESPONSE = "rtmpt.ident2-response";
  public static final String NODE_ID = "rtmpt.node-id";

  /** A node id: lower-case letters and digits, 1 to 16 of them. */
  private static final Pattern NODE_ID_FORM = Pattern.compile("[a-z0-9]{1,16}");

  /**
   * 200 ms, chosen by measurement (IdleHoldMeasurement in the tests: Jetty 12, rtmpdump 2.4 and
   * ffmpeg 5.1 through the tunnel to nginx-rtmp, 25 fps live stream, loopback). Idle requests per
   * second for hold 0 / 50 / 100 / 200 / 300 / 500 ms: rtmpdump waiting for a stream that never
   * starts 3756 / 17 / 10.6 / 5.0 / 3.8 / 2.4; rtmpdump playing 18435 / 48 / 52 / 47 / 46 / 51
   * (while media flows every data chunk releases the hold, so any hold gives the same rate); ffmpeg
   * playing ~20 at every hold (it sleeps 50 ms after an empty reply); ffmpeg publishing (sends
   * only) unaffected. Playback and publishing worked at every value. 200 ms is the knee: longer
   * holds save at most a few requests per second per waiting client but delay longer the writes of
   * a single-connection client that sits in a held idle.
   */
  public static final Duration DEFAULT_IDLE_HOLD = Duration.ofMillis(200);

  /**
   * 10 s: the top of the 4-10 s range RTMPT servers use. Live clients post at least every few
   * seconds (FMS: a write every 4 s); ffmpeg never sends {@code /close} after an error, so a
   * vanished publisher holds its stream name this long.
   */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

  public static final int DEFAULT_MAX_SESSIONS = 1000;

  /**
   * 500, half of {@link #DEFAULT_MAX_SESSIONS}: RTMPT is what clients behind corporate proxies and
   * firewalls use, and a whole office reaches us from one address (its NAT or proxy), each viewer
   * with a tunnel of its own: several hundred for a company-wide stream. Half the total keeps one
   * address (a runaway client, or one site) from taking every tunnel; a runaway client's tunnels
   * also end after {@link #DEFAULT_SESSION_TIMEOUT} without requests. Raise both for larger sites.
   */
  public static final int DEFAULT_MAX_SESSIONS_PER_ADDRESS = 500;

  /**
   * 4 MiB: ffmpeg publishing as fast as it can posts ~320 KB per {@code /send} (ten FLV packets);
   * ten packets that include a large key frame must still fit.
   */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

  /**
   * 256 KiB: ffmpeg needs ~45 ms per poll (its Nagle stall), so this allows ~5 MB/s to a player; it
   * bounds the memory one reply takes.
   */
  public static final int DEFAULT_MAX_REPLY_BYTES = 256 * 1024;

  /** 8: Flash Player's parallel connections put a few requests in flight at once. */
  public static final int DEFAULT_REORDER_WINDOW = 8;

  /** 5 s: a predecessor on another connection may still be uploading a large body. */
  public static final Duration DEFAULT_REORDER_TIMEOUT = Duration.ofSeconds(5);

  public RtmptConfig {
    Objects.requireNonNull(idleHold, "idleHold");
    Objects.requireNonNull(nodeId, "nodeId");
    if (!nodeId.isEmpty() && !NODE_ID_FORM.matcher(nodeId).matches()) {
      throw new IllegalArgumentException(
          "nodeId '" + nodeId + "' is not 1 to 16 lower-case letters and digits");
    }
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    Objects.requireNonNull(reorderTimeout, "reorderTimeout");
    if (idleHold.isNegative()) {
      throw new IllegalArgumentException("idleHold " + idleHold + " is negative");
    }
    requirePositive("sessionTimeout", sessionTimeout);
    requirePositive("reorderTimeout", reorderTimeout);
    requireAtLeast("maxSessions", maxSessions, 1);
    requireAtLeast("maxSessionsPerAddress", maxSessionsPerAddress, 1);
    requireAtLeast("maxRequestBytes", maxRequestBytes, 1);
    requireAtLeast("maxReplyBytes", maxReplyBytes, 1);
    requireAtLeast("reorderWindow", reorderWindow, 0);
  }

  /** A configuration without a node id. */
  public RtmptConfig(
      Duration idleHold,
      Duration sessionTimeout,
      int maxSessions,
      int maxSessionsPerAddress,
      int maxRequestBytes,
      int maxReplyBytes,
      int reorderWindow,
      Duration reorderTimeout,
      String ident2Response) {
    this(
        idleHold,
        sessionTimeout,
        maxSessions,
        maxSessionsPerAddress,
        maxRequestBytes,
        maxReplyBytes,
        reorderWindow,
        reorderTimeout,
        ident2Response,
        "");
  }

  /** The built-in defaults. */
  public static RtmptConfig defaults() {
    return new RtmptConfig(
        DEFAULT_IDLE_HOLD,
        DEFAULT_SESSION_TIMEOUT,
        DEFAULT_MAX_SESSIONS,
        DEFAULT_MAX_SESSIONS_PER_ADDRESS,
        DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_MAX_REPLY_BYTES,
        DEFAULT_REORDER_WINDOW,
        DEFAULT_REORDER_TIMEOUT,
        null);
  }

  /**
   * Reads every key from {@code settings}.
   *
   * @throws IllegalArgumentException naming the setting, its source and the bad value
   */
  public static RtmptConfig from(Settings settings) {
    return new RtmptConfig(
        settings.getDuration(IDLE_HOLD, DEFAULT_IDLE_HOLD),
        positive(settings, SESSION_TIMEOUT, DEFAULT_SESSION_TIMEOUT),
        settings.getInt(MAX_SESSIONS, DEFAULT_MAX_SESSIONS, 1, Integer.MAX_VALUE),
        settings.getInt(
            MAX_SESSIONS_PER_ADDRESS, DEFAULT_MAX_SESSIONS_PER_ADDRESS, 1, Integer.MAX_VALUE),
        settings.getInt(MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES, 1, Integer.MAX_VALUE - 8),
        settings.getInt(MAX_REPLY_BYTES, DEFAULT_MAX_REPLY_BYTES, 1, Integer.MAX_VALUE - 8),
        settings.getInt(REORDER_WINDOW, DEFAULT_REORDER_WINDOW, 0, 1024),
        positive(settings, REORDER_TIMEOUT, DEFAULT_REORDER_TIMEOUT),
        settings.getString(IDENT2_RESPONSE, null),
        nodeId(settings));
  }

  private static String nodeId(Settings settings) {
    String value = settings.getString(NODE_ID, "");
    if (!value.isEmpty() && !NODE_ID_FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          NODE_ID
              + " from "
              + settings.describe(NODE_ID)
              + ": '"
              + value
              + "' is not 1 to 16 lower-case letters and digits");
    }
    return value;
  }

  private static Duration positive(Settings settings, String name, Duration defaultValue) {
    Duration value = settings.getDuration(name, defaultValue);
    if (value.isZero()) {
      throw new IllegalArgumentException(
          name
              + " from "
              + settings.describe(name)
              + ": '"
              + settings.getString(name, "")
              + "' must be more than zero");
    }
    return value;
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " " + value + " must be more than zero");
    }
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " " + value + " is below the minimum " + min);
    }
  }
}
