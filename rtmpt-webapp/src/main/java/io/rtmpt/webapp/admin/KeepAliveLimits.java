package io.rtmpt.webapp.admin;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Finds HTTP connectors whose keep-alive request limit will cut RTMPT tunnels. Tomcat closes a
 * connection after {@code maxKeepAliveRequests} requests (100 by default) with {@code Connection:
 * close}, which ends ffmpeg's and rtmpdump's tunnels; it publishes the value through JMX ({@code
 * Catalina:type=ProtocolHandler,port=...}), which is where this looks. Jetty has no such limit, and
 * other containers are not detected.
 */
final class KeepAliveLimits {
  private static final ObjectName PROTOCOL_HANDLERS = pattern("*:type=ProtocolHandler,*");

  /** Limits are looked up again after this (Tomcat's are fixed while it runs). */
  private static final Duration RECHECK = Duration.ofMinutes(1);

  private final MBeanServer server;
  private volatile Map<String, Integer> lastLimits = Map.of();
  private volatile long checkedAtMillis = Long.MIN_VALUE;

  KeepAliveLimits() {
    this(ManagementFactory.getPlatformMBeanServer());
  }

  KeepAliveLimits(MBeanServer server) {
    this.server = server;
  }

  /** {@link #limited()} as of at most a minute before {@code nowMillis}. */
  Map<String, Integer> limited(long nowMillis) {
    if (checkedAtMillis == Long.MIN_VALUE || nowMillis - checkedAtMillis >= RECHECK.toMillis()) {
      lastLimits = Map.copyOf(limited());
      checkedAtMillis = nowMillis;
    }
    return lastLimits;
  }

  /**
   * The limit of the connector on {@code port}, as of at most a minute before {@code nowMillis};
   * empty when it has none (or is not a Tomcat connector).
   */
  OptionalInt forPort(int port, long nowMillis) {
    Integer limit = limited(nowMillis).get(String.valueOf(port));
    return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
  }

  /** Connector port (or name) to its limit, for every connector with a limit; empty when none. */
  Map<String, Integer> limited() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (ObjectName name : names()) {
      Integer limit = limit(name);
      if (limit != null && limit != -1) {
        String port = name.getKeyProperty("port");
        out.putIfAbsent(port == null ? name.toString() : port, limit);
      }
    }
    return out;
  }

  private List<ObjectName> names() {
    return new ArrayList<>(server.queryNames(PROTOCOL_HANDLERS, null));
  }

  private static ObjectName pattern(String text) {
    try {
      return new ObjectName(text);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private Integer limit(ObjectName name) {
    try {
      return server.getAttribute(name, "maxKeepAliveRequests") instanceof Number n
          ? n.intValue()
          : null;
    } catch (JMException | RuntimeException e) {
      return null; // not an HTTP protocol handler (AJP), or not readable: nothing to say
    }
  }
}
