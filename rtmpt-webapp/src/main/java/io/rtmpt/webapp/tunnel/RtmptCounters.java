package io.rtmpt.webapp.tunnel;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Registry-wide totals; thread-safe and lock-free. */
final class RtmptCounters {

  private final LongAdder opened = new LongAdder();
  private final LongAdder[] closed = adders(RtmptCloseReason.values().length);
  private final LongAdder[] requests = adders(RtmptCommand.values().length);
  private final LongAdder[] errors = adders(RtmptErrorKind.values().length);
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();

  void opened() {
    opened.increment();
  }

  void closed(RtmptCloseReason reason) {
    closed[reason.ordinal()].increment();
  }

  void request(RtmptCommand command) {
    requests[command.ordinal()].increment();
  }

  void error(RtmptErrorKind kind) {
    errors[kind.ordinal()].increment();
  }

  /** Tunnelled client-to-server bytes fed to a peer. */
  void received(long bytes) {
    bytesIn.add(bytes);
  }

  /** Tunnelled server-to-client bytes put into replies. */
  void delivered(long bytes) {
    bytesOut.add(bytes);
  }

  RtmptStatistics snapshot(int openSessions) {
    return new RtmptStatistics(
        openSessions,
        opened.sum(),
        sums(RtmptCloseReason.class, closed),
        sums(RtmptCommand.class, requests),
        sums(RtmptErrorKind.class, errors),
        bytesIn.sum(),
        bytesOut.sum());
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] adders = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  private static <K extends Enum<K>> Map<K, Long> sums(Class<K> type, LongAdder[] adders) {
    Map<K, Long> sums = new EnumMap<>(type);
    for (K key : type.getEnumConstants()) {
      sums.put(key, adders[key.ordinal()].sum());
    }
    return sums;
  }
}
