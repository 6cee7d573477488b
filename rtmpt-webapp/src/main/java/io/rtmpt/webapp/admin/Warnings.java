package io.rtmpt.webapp.admin;

import io.rtmpt.webapp.bridge.BackendHealth;
import io.rtmpt.webapp.config.Bridge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The rules behind the console's warnings: a pure function of what the gateway looks like at one
 * moment ({@link Facts}) and its limits ({@link Limits}). The warnings come most severe first: an
 * error when clients fail now, a warning when they may fail, information about a setting worth
 * knowing.
 */
final class Warnings {
  /** Share of a session limit in use that is warned about. */
  static final double LIMIT_WARNING = 0.9;

  private Warnings() {}

  /**
   * A player that dropped frames lately.
   *
   * @param player who ("rtmpt 1.2.3.4:5 #7", or the console's row id once it has gone)
   * @param frames frames dropped for it within the window
   */
  record Drop(String player, long frames) {}

  /**
   * What the rules look at.
   *
   * @param bridge where the tunnels lead
   * @param backend the backend's last check in backend mode, else null
   * @param keepAliveLimits HTTP connectors (port or name) that cut a connection after this many
   *     requests
   * @param tunnels open tunnels
   * @param engineSessions open engine sessions
   * @param rtmpListener the native RTMP listener's address, or null when none runs
   * @param drops players that dropped frames in the last minute
   * @param recordingStopped why a recording last stopped by itself (disk space below the floor), or
   *     null
   */
  record Facts(
      Bridge bridge,
      BackendHealth backend,
      Map<String, Integer> keepAliveLimits,
      int tunnels,
      int engineSessions,
      String rtmpListener,
      List<Drop> drops,
      String recordingStopped) {
    /** Facts without a recording warning. */
    Facts(
        Bridge bridge,
        BackendHealth backend,
        Map<String, Integer> keepAliveLimits,
        int tunnels,
        int engineSessions,
        String rtmpListener,
        List<Drop> drops) {
      this(bridge, backend, keepAliveLimits, tunnels, engineSessions, rtmpListener, drops, null);
    }
  }

  /**
   * The limits and settings the rules compare with.
   *
   * @param maxTunnels {@code rtmpt.max-sessions}
   * @param maxEngineSessions {@code rtmpt.engine.max-connections}, empty without engine
   * @param metricsPublic {@code rtmpt.metrics-public}
   */
  record Limits(int maxTunnels, OptionalInt maxEngineSessions, boolean metricsPublic) {}

  static List<Warning> of(Facts facts, Limits limits) {
    List<Warning> out = new ArrayList<>();
    BackendHealth health = facts.backend();
    if (health != null && health.checkedAt() > 0 && !health.reachable()) {
      out.add(
          Warning.error(
              "backend-unreachable",
              "The backend RTMP server "
                  + health.address()
                  + " does not accept connections ("
                  + health.error()
                  + "): new tunnels fail with 502 until it is back."));
    }
    facts
        .keepAliveLimits()
        .forEach(
            (port, limit) ->
                out.add(
                    Warning.warning(
                        "keep-alive-limit",
                        "The HTTP connector on port "
                            + port
                            + " closes a connection after "
                            + limit
                            + " requests (maxKeepAliveRequests): that cuts RTMPT tunnels; set"
                            + " maxKeepAliveRequests=\"-1\" on the Connector.")));
    if (facts.tunnels() >= LIMIT_WARNING * limits.maxTunnels()) {
      out.add(
          Warning.warning(
              "tunnel-limit",
              facts.tunnels()
                  + " of "
                  + limits.maxTunnels()
                  + " tunnels are open (rtmpt.max-sessions): new ones get 503 at the limit."));
    }
    OptionalInt maxEngine = limits.maxEngineSessions();
    if (maxEngine.isPresent() && facts.engineSessions() >= LIMIT_WARNING * maxEngine.getAsInt()) {
      out.add(
          Warning.warning(
              "connection-limit",
              facts.engineSessions()
                  + " of "
                  + maxEngine.getAsInt()
                  + " engine sessions are open (rtmpt.engine.max-connections): new ones are"
                  + " refused at the limit."));
    }
    if (!facts.drops().isEmpty()) {
      Drop worst = facts.drops().stream().max(Comparator.comparingLong(Drop::frames)).get();
      int players = facts.drops().size();
      out.add(
          Warning.warning(
              "dropping-frames",
              players
                  + " player"
                  + (players == 1 ? "" : "s")
                  + " dropped frames in the last minute (most: "
                  + worst.player()
                  + ", "
                  + worst.frames()
                  + " frames): their links are slower than the streams they play."));
    }
    if (facts.recordingStopped() != null) {
      out.add(
          Warning.warning(
              "recording-stopped",
              facts.recordingStopped()
                  + " (rtmpt.record.min-free-bytes): free some space, then start it again."));
    }
    if (facts.bridge() == Bridge.ENGINE && facts.rtmpListener() == null) {
      out.add(
          Warning.info(
              "rtmp-listener-off",
              "The native RTMP listener is off (rtmpt.rtmp-port is 0): clients connect through"
                  + " RTMPT only."));
    }
    if (limits.metricsPublic()) {
      out.add(
          Warning.info(
              "metrics-public",
              "/metrics answers without authentication (rtmpt.metrics-public is true)."));
    }
    return List.copyOf(out);
  }
}
