package io.rtmpt.webapp.config;

import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads named settings such as {@code rtmpt.idle-hold-ms}. Each setting is looked up, first match
 * wins, in:
 *
 * <ol>
 *   <li>the servlet context init parameter of the same name ({@code <context-param>} in web.xml, or
 *       the container's per-deployment override);
 *   <li>the environment variable whose name is the setting's name upper-cased with every {@code .}
 *       and {@code -} turned into {@code _} ({@code RTMPT_IDLE_HOLD_MS});
 *   <li>the system property of the same name ({@code -Drtmpt.idle-hold-ms=...});
 *   <li>the built-in default the caller passes.
 * </ol>
 *
 * <p>A value that is empty or only blanks counts as not set, so {@code RTMPT_IDLE_HOLD_MS=} in a
 * container definition falls through to the next source. Values are trimmed.
 *
 * <p>The typed getters throw {@link IllegalArgumentException} for a value they cannot use; the
 * message names the setting, the source and the bad value, for example {@code rtmpt.idle-hold-ms
 * from environment variable RTMPT_IDLE_HOLD_MS: 'abc' is not a number}. Startup code turns it into
 * a failed deployment.
 *
 * <p>The three maps are taken as constructor arguments (copied) so that tests never touch the real
 * environment; {@link #from(ServletContext)} builds the production instance.
 */
public final class Settings {

  /** Where a value came from; {@link #describe(String)} renders it for error messages. */
  public enum Source {
    CONTEXT_PARAMETER("servlet context init parameter "),
    ENVIRONMENT("environment variable "),
    SYSTEM_PROPERTY("system property "),
    DEFAULT("built-in default");

    private final String prefix;

    Source(String prefix) {
      this.prefix = prefix;
    }

    String describe(String key) {
      return this == DEFAULT ? prefix : prefix + key;
    }
  }

  /** A raw value with its origin. */
  private record Raw(String name, String text, Source source, String key) {
    IllegalArgumentException invalid(String problem) {
      return new IllegalArgumentException(
          name + " from " + source.describe(key) + ": '" + text + "' " + problem);
    }
  }

  private final Map<String, String> contextParameters;
  private final Map<String, String> environment;
  private final Map<String, String> systemProperties;

  public Settings(
      Map<String, String> contextParameters,
      Map<String, String> environment,
      Map<String, String> systemProperties) {
    this.contextParameters = Map.copyOf(contextParameters);
    this.environment = Map.copyOf(environment);
    this.systemProperties = Map.copyOf(systemProperties);
  }

  /**
   * Settings from the context's init parameters, {@link System#getenv()} and {@link
   * System#getProperties()}.
   */
  public static Settings from(ServletContext context) {
    Map<String, String> parameters = new HashMap<>();
    for (String name : Collections.list(context.getInitParameterNames())) {
      String value = context.getInitParameter(name);
      if (value != null) {
        parameters.put(name, value);
      }
    }
    Map<String, String> properties = new HashMap<>();
    System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
    return new Settings(parameters, System.getenv(), properties);
  }

  /** {@code rtmpt.idle-hold-ms} becomes {@code RTMPT_IDLE_HOLD_MS}. */
  public static String environmentName(String name) {
    return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The source that supplies {@code name}, or {@link Source#DEFAULT} when none does. */
  public Source sourceOf(String name) {
    return lookup(name).map(Raw::source).orElse(Source.DEFAULT);
  }

  /** "environment variable RTMPT_IDLE_HOLD_MS", "built-in default", ... for {@code name}. */
  public String describe(String name) {
    return lookup(name)
        .map(r -> r.source().describe(r.key()))
        .orElse(Source.DEFAULT.describe(name));
  }

  /**
   * The trimmed text of {@code name}, or {@code defaultValue} (which may be null) when it is not
   * set.
   */
  public String getString(String name, String defaultValue) {
    return lookup(name).map(Raw::text).orElse(defaultValue);
  }

  public int getInt(String name, int defaultValue) {
    return getInt(name, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** An int in {@code [min, max]}. */
  public int getInt(String name, int defaultValue, int min, int max) {
    return (int) getLong(name, defaultValue, min, max);
  }

  public long getLong(String name, long defaultValue) {
    return getLong(name, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A long in {@code [min, max]}. */
  public long getLong(String name, long defaultValue, long min, long max) {
    Optional<Raw> raw = lookup(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    long value = parseLong(raw.get());
    checkRange(raw.get(), value, min, max);
    return value;
  }

  /**
   * A non-negative duration. Accepted forms: a bare integer, taken as milliseconds (setting names
   * end in {@code -ms}); an integer with a unit suffix {@code ms}, {@code s}, {@code m} or {@code
   * h} ({@code 250ms}, {@code 10s}); or ISO-8601 ({@code PT0.25S}).
   */
  public Duration getDuration(String name, Duration defaultValue) {
    Optional<Raw> raw = lookup(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    Duration value = parseDuration(raw.get());
    if (value.isNegative()) {
      throw raw.get().invalid("is negative");
    }
    return value;
  }

  /** An enum constant, matched ignoring case and with {@code -} standing for {@code _}. */
  public <E extends Enum<E>> E getEnum(String name, Class<E> type, E defaultValue) {
    Optional<Raw> raw = lookup(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    String wanted = raw.get().text().replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(wanted)) {
        return constant;
      }
    }
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(", "));
    throw raw.get().invalid("is not one of: " + allowed);
  }

  /** {@code host:port} or {@code [v6-address]:port}. */
  public HostPort getHostPort(String name, HostPort defaultValue) {
    Optional<Raw> raw = lookup(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      return HostPort.parse(raw.get().text());
    } catch (IllegalArgumentException e) {
      throw raw.get().invalid("is not host:port");
    }
  }

  /**
   * {@code true}/{@code false}, also {@code yes}/{@code no}, {@code on}/{@code off}, {@code
   * 1}/{@code 0}.
   */
  public boolean getBoolean(String name, boolean defaultValue) {
    Optional<Raw> raw = lookup(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    return switch (raw.get().text().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw raw.get().invalid("is not a boolean (true or false)");
    };
  }

  /**
   * The names of the settings that start with {@code prefix} and are set as a context parameter or
   * a system property, sorted (for families of settings whose names hold a variable part, such as
   * {@code rtmpt.access.<app>.publish}).
   */
  public SortedSet<String> namesStartingWith(String prefix) {
    SortedSet<String> names = new TreeSet<>();
    for (Map<String, String> source : List.of(contextParameters, systemProperties)) {
      source.forEach(
          (name, value) -> {
            if (name.startsWith(prefix) && isSet(value)) {
              names.add(name);
            }
          });
    }
    return names;
  }

  /**
   * The names of the environment variables that start with {@code prefix} (upper case, e.g. {@code
   * RTMPT_ACCESS_}) and are set, sorted.
   */
  public SortedSet<String> environmentNamesStartingWith(String prefix) {
    SortedSet<String> names = new TreeSet<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(prefix) && isSet(value)) {
            names.add(name);
          }
        });
    return names;
  }

  private Optional<Raw> lookup(String name) {
    Objects.requireNonNull(name, "name");
    String value = contextParameters.get(name);
    if (isSet(value)) {
      return Optional.of(new Raw(name, value.trim(), Source.CONTEXT_PARAMETER, name));
    }
    String environmentName = environmentName(name);
    value = environment.get(environmentName);
    if (isSet(value)) {
      return Optional.of(new Raw(name, value.trim(), Source.ENVIRONMENT, environmentName));
    }
    value = systemProperties.get(name);
    if (isSet(value)) {
      return Optional.of(new Raw(name, value.trim(), Source.SYSTEM_PROPERTY, name));
    }
    return Optional.empty();
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static long parseLong(Raw raw) {
    try {
      return Long.parseLong(raw.text());
    } catch (NumberFormatException e) {
      throw raw.invalid("is not a number");
    }
  }

  private static void checkRange(Raw raw, long value, long min, long max) {
    if (value < min) {
      throw raw.invalid("is below the minimum " + min);
    }
    if (value > max) {
      throw raw.invalid("is above the maximum " + max);
    }
  }

  private static Duration parseDuration(Raw raw) {
    String text = raw.text();
    if (text.regionMatches(true, 0, "PT", 0, 2) || text.regionMatches(true, 0, "-PT", 0, 3)) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw raw.invalid("is not a duration");
      }
    }
    String lower = text.toLowerCase(Locale.ROOT);
    String digits;
    Duration unit;
    if (lower.endsWith("ms")) {
      digits = lower.substring(0, lower.length() - 2);
      unit = Duration.ofMillis(1);
    } else if (lower.endsWith("s")) {
      digits = lower.substring(0, lower.length() - 1);
      unit = Duration.ofSeconds(1);
    } else if (lower.endsWith("m")) {
      digits = lower.substring(0, lower.length() - 1);
      unit = Duration.ofMinutes(1);
    } else if (lower.endsWith("h")) {
      digits = lower.substring(0, lower.length() - 1);
      unit = Duration.ofHours(1);
    } else {
      digits = lower;
      unit = Duration.ofMillis(1);
    }
    try {
      return unit.multipliedBy(Long.parseLong(digits.trim()));
    } catch (NumberFormatException | ArithmeticException e) {
      throw raw.invalid(
          digits.equals(lower)
              ? "is not a number"
              : "is not a duration (number with ms, s, m or h)");
    }
  }
}
