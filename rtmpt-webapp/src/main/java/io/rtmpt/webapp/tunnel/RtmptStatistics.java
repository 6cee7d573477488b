package io.rtmpt.webapp.tunnel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Totals of a registry since it was created, for the admin console and metrics. Maps hold every
 * constant of their enum, zero included, in declaration order.
 *
 * @param openSessions sessions open now
 * @param sessionsOpened sessions opened in total
 * @param sessionsClosed sessions closed, by reason
 * @param requests requests received with a valid RTMPT path, by command
 * @param errors requests not answered with 200 and data, by kind
 * @param bytesIn tunnelled client-to-server bytes fed to peers, closed sessions included
 * @param bytesOut tunnelled server-to-client bytes delivered, closed sessions included
 */
public record RtmptStatistics(
    int openSessions,
    long sessionsOpened,
    Map<RtmptCloseReason, Long> sessionsClosed,
    Map<RtmptCommand, Long> requests,
    Map<RtmptErrorKind, Long> errors,
    long bytesIn,
    long bytesOut) {

  public RtmptStatistics {
    sessionsClosed = complete(RtmptCloseReason.class, sessionsClosed);
    requests = complete(RtmptCommand.class, requests);
    errors = complete(RtmptErrorKind.class, errors);
  }

  private static <K extends Enum<K>> Map<K, Long> complete(Class<K> type, Map<K, Long> counts) {
    EnumMap<K, Long> copy = new EnumMap<>(type);
    for (K key : type.getEnumConstants()) {
      copy.put(key, counts.getOrDefault(key, 0L));
    }
    return Collections.unmodifiableMap(copy);
  }
}
