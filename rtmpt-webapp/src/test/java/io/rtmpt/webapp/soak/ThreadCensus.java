package io.rtmpt.webapp.soak;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The live threads of the JVM grouped by name with every number replaced by {@code #} ({@code
 * qtp1234-56} is {@code qtp#-#}), to compare before and after a churn: a thread per session that
 * outlives its session shows as a group that grew. Pools that grow under load and shrink only
 * slowly by design (Jetty's request threads, Netty's event loops, the HTTP client of the test) are
 * bounded rather than compared: see {@link #leaksSince}.
 */
record ThreadCensus(Map<String, Integer> groups) {
  /** Pools sized by their own maximum, not by the number of sessions. */
  private static final Map<Pattern, Integer> BOUNDED_POOLS =
      Map.of(
          Pattern.compile("qtp#-#"), 200,
          Pattern.compile("multiThreadIoEventLoopGroup-#-#"),
              2 * Runtime.getRuntime().availableProcessors(),
          Pattern.compile("soak-http"), ChurnSoakTest.HTTP_THREADS,
          Pattern.compile("HttpClient-#-SelectorManager"), 1,
          Pattern.compile("ForkJoinPool.*"), 64);

  /** Test threads of the churn itself, gone once the churn's executor is shut down. */
  private static final Set<String> TEST_THREADS = Set.of("churn-#", "feed");

  static ThreadCensus now() {
    Map<String, Integer> groups = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive()) {
        groups.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
      }
    }
    return new ThreadCensus(groups);
  }

  int total() {
    return groups.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Every group larger than in {@code baseline}, as "group before->after". */
  Map<String, String> grownSince(ThreadCensus baseline) {
    Map<String, String> grown = new TreeMap<>();
    groups.forEach(
        (group, count) -> {
          int before = baseline.groups.getOrDefault(group, 0);
          if (count > before) {
            grown.put(group, before + "->" + count);
          }
        });
    return grown;
  }

  /**
   * Groups that grew since {@code baseline} beyond what they may: a bounded pool beyond its
   * maximum, any other group beyond its baseline count. Empty when nothing leaked.
   */
  Map<String, String> leaksSince(ThreadCensus baseline) {
    Map<String, String> leaks = new TreeMap<>();
    groups.forEach(
        (group, count) -> {
          int allowed = baseline.groups.getOrDefault(group, 0);
          if (TEST_THREADS.contains(group)) {
            allowed = 0;
          }
          for (Map.Entry<Pattern, Integer> pool : BOUNDED_POOLS.entrySet()) {
            if (pool.getKey().matcher(group).matches()) {
              allowed = Math.max(allowed, pool.getValue());
            }
          }
          if (count > allowed) {
            leaks.put(group, count + " (baseline " + baseline.groups.getOrDefault(group, 0) + ")");
          }
        });
    return leaks;
  }
}
