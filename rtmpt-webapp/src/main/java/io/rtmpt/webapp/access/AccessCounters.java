package io.rtmpt.webapp.access;

import io.rtmpt.engine.session.StreamGate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Refusals counted by action and reason, for the metrics and the console. Thread-safe. */
public final class AccessCounters {
  private final Map<StreamGate.Action, Map<Refusal, LongAdder>> refused =
      new EnumMap<>(StreamGate.Action.class);

  public AccessCounters() {
    for (StreamGate.Action action : StreamGate.Action.values()) {
      Map<Refusal, LongAdder> byReason = new EnumMap<>(Refusal.class);
      for (Refusal reason : Refusal.values()) {
        byReason.put(reason, new LongAdder());
      }
      refused.put(action, byReason);
    }
  }

  void add(StreamGate.Action action, Refusal reason) {
    refused.get(action).get(reason).increment();
  }

  /** Refusals of {@code action} for {@code reason} since start. */
  public long refused(StreamGate.Action action, Refusal reason) {
    return refused.get(action).get(reason).sum();
  }

  /** Every refusal since start. */
  public long total() {
    long total = 0;
    for (Map<Refusal, LongAdder> byReason : refused.values()) {
      for (LongAdder n : byReason.values()) {
        total += n.sum();
      }
    }
    return total;
  }

  /**
   * The counts that are not 0, as "action/reason" (e.g. {@code publish/no_token}) to count, in a
   * stable order.
   */
  public Map<String, Long> nonZero() {
    Map<String, Long> out = new LinkedHashMap<>();
    refused.forEach(
        (action, byReason) ->
            byReason.forEach(
                (reason, n) -> {
                  long value = n.sum();
                  if (value > 0) {
                    out.put(action.name().toLowerCase(Locale.ROOT) + "/" + reason.label(), value);
                  }
                }));
    return out;
  }
}
