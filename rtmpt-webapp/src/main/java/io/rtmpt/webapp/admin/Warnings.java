package io.rtmpt.webapp.admin;

import io.rtmpt.webapp.bridge.BackendHealth;
import io.rtmpt.webapp.bridge.CertificateInfo;
import io.rtmpt.webapp.config.Bridge;
import java.time.Duration;
import java.time.Instant;
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

  /**
   * A certificate closer to its end than this is warned about: certbot renews 30 days before, so a
   * certificate with less than two weeks left missed its renewal or its reload.
   */
  static final Duration CERTIFICATE_WARNING = Duration.ofDays(14);

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
   * @param rtmpsCertificate the certificate of the native RTMPS listener, null when none runs
   * @param nowMillis the time the facts were taken (epoch millis)
   */
  record Facts(
      Bridge bridge,
      BackendHealth backend,
      Map<String, Integer> keepAliveLimits,
      int tunnels,
      int engineSessions,
      String rtmpListener,
      List<Drop> drops,
      String recordingStopped,
      CertificateInfo rtmpsCertificate,
      long nowMillis) {

    /** Facts without a recording warning or an RTMPS listener. */
    Facts(
        Bridge bridge,
        BackendHealth backend,
        Map<String, Integer> keepAliveLimits,
        int tunnels,
        int engineSessions,
        String rtmpListener,
        List<Drop> drops) {
      this(
          bridge,
          backend,
          keepAliveLimits,
          tunnels,
          engineSessions,
          rtmpListener,
          drops,
          null,
          null,
          0);
    }
  }

  /**
   * The limits and settings the rules compare with.
   *
   * @param maxTunnels {@code rtmpt.max-sessions}
   * @param maxEngineSessions {@code rtmpt.engine.max-connections}, empty without engine
   * @param metricsPublic {@code rtmpt.metrics-public}
   * @param openForPublish applications anyone may publish to from anywhere ({@code *}: every
   *     application without rules of its own); empty in backend mode, where the backend decides
   */
  record Limits(
      int maxTunnels,
      OptionalInt maxEngineSessions,
      boolean metricsPublic,
      List<String> openForPublish) {
    Limits {
      openForPublish = List.copyOf(openForPublish);
    }

    /** Without applications open for publishing. */
    Limits(int maxTunnels, OptionalInt maxEngineSessions, boolean metricsPublic) {
      this(maxTunnels, maxEngineSessions, metricsPublic, List.of());
    }
  }

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
    certificate(facts, out);
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
    if (!limits.openForPublish().isEmpty()) {
      List<String> apps = new ArrayList<>(limits.openForPublish());
      boolean all = apps.remove("*");
      String named =
          apps.isEmpty()
              ? ""
              : "application" + (apps.size() == 1 ? " " : "s ") + String.join(", ", apps);
      String which =
          all
              ? "every application"
                  + (apps.isEmpty() ? "" : " (and " + named + ")")
                  + " (rtmpt.access.publish is open)"
              : named;
      out.add(
          Warning.warning(
              "open-publish",
              "Anyone may publish to "
                  + which
                  + ": require tokens, a callback or address rules before this server is"
                  + " reachable from the internet (README, Access control)."));
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

  private static void certificate(Facts facts, List<Warning> out) {
    CertificateInfo certificate = facts.rtmpsCertificate();
    if (certificate == null) {
      return;
    }
    String name = certificate.subject() + " (" + certificate.source() + ")";
    String until = Instant.ofEpochMilli(certificate.notAfter()).toString();
    long left = certificate.notAfter() - facts.nowMillis();
    if (left <= 0) {
      out.add(
          Warning.error(
              "certificate-expired",
              "The RTMPS certificate "
                  + name
                  + " expired at "
                  + until
                  + ": clients refuse it. Renew it; the listener picks up the new files by itself"
                  + " (rtmpt.rtmps-reload-check-ms) or at once with Reload."));
    } else if (left < CERTIFICATE_WARNING.toMillis()) {
      out.add(
          Warning.warning(
              "certificate-expiring",
              "The RTMPS certificate "
                  + name
                  + " expires at "
                  + until
                  + ", in "
                  + Duration.ofMillis(left).toDays()
                  + " days: renew it."));
    }
  }
}
