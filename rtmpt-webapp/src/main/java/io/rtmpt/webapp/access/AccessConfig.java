package io.rtmpt.webapp.access;

import io.rtmpt.webapp.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Access control settings: a default {@link AppPolicy} that every application follows unless it has
 * rules of its own, those per-application policies, and the bounds of the HTTP callbacks.
 *
 * <p>Names: each policy field {@code F} ({@link Field}) is read as {@code rtmpt.access.F} for the
 * defaults and {@code rtmpt.access.APP.F} for application {@code APP}, which falls back to the
 * default field by field. An application has rules of its own when any {@code rtmpt.access.APP.F}
 * is set: found among the context parameters and system properties by name, and among the
 * environment variables as {@code RTMPT_ACCESS_APP_F} (upper case, {@code -} and {@code .} as
 * {@code _}). Applications are matched ignoring case, with {@code -} and {@code _} alike, so that
 * an environment variable can name any of them. A name under {@code rtmpt.access.} that is none of
 * these fails the deployment, so that a typo never leaves a stream open.
 *
 * @param defaults the policy of every application without rules of its own
 * @param apps the applications with rules of their own, by {@link #normalise normalised} name
 * @param callbacks bounds of the HTTP callbacks
 */
public record AccessConfig(
    AppPolicy defaults, Map<String, AppPolicy> apps, CallbackClient.Limits callbacks) {

  static final String PREFIX = "rtmpt.access.";
  private static final String ENV_PREFIX = "RTMPT_ACCESS_";

  public static final String CALLBACK_CONNECT_TIMEOUT = PREFIX + "callback-connect-timeout-ms";
  public static final String CALLBACK_TIMEOUT = PREFIX + "callback-timeout-ms";
  public static final String CALLBACK_CONCURRENCY = PREFIX + "callback-concurrency";
  public static final String CALLBACK_QUEUE = PREFIX + "callback-queue";

  /** Secrets shorter than this are refused: a short HMAC key can be guessed offline. */
  public static final int MIN_SECRET_LENGTH = 16;

  /** The per-application fields, by their name in a setting. */
  public enum Field {
    PUBLISH("publish"),
    PLAY("play"),
    PUBLISH_ALLOW("publish-allow"),
    PUBLISH_DENY("publish-deny"),
    PLAY_ALLOW("play-allow"),
    PLAY_DENY("play-deny"),
    TOKEN_SECRET("token-secret"),
    TOKEN_SECRET_PREVIOUS("token-secret-previous"),
    ON_CONNECT("on-connect"),
    ON_PUBLISH("on-publish"),
    ON_PLAY("on-play"),
    ON_DONE("on-done"),
    ON_RECORD_DONE("on-record-done");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    /** As in the setting's name: {@code publish-allow}. */
    public String key() {
      return key;
    }

    /** The setting of the defaults: {@code rtmpt.access.publish-allow}. */
    public String setting() {
      return PREFIX + key;
    }

    /** The setting of one application: {@code rtmpt.access.live.publish-allow}. */
    public String setting(String app) {
      return PREFIX + app + "." + key;
    }
  }

  public AccessConfig {
    Objects.requireNonNull(defaults, "defaults");
    apps = Collections.unmodifiableMap(new TreeMap<>(apps));
    Objects.requireNonNull(callbacks, "callbacks");
  }

  /** Everything open, nothing called: the built-in default. */
  public static AccessConfig open() {
    return new AccessConfig(AppPolicy.OPEN, Map.of(), CallbackClient.Limits.DEFAULTS);
  }

  /** The policy of {@code app}. */
  public AppPolicy policy(String app) {
    return apps.getOrDefault(normalise(app), defaults);
  }

  /** Lower case, {@code -} as {@code _}: how applications are matched with settings. */
  public static String normalise(String app) {
    return app.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The applications (normalised names, and {@code *} for every other one) where anyone may publish
   * from any address.
   */
  public List<String> openForPublish() {
    List<String> out = new ArrayList<>();
    if (defaults.publishIsOpen()) {
      out.add("*");
    }
    apps.forEach(
        (app, policy) -> {
          if (policy.publishIsOpen()) {
            out.add(app);
          }
        });
    return out;
  }

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException for a bad value or an unknown name under {@code
   *     rtmpt.access.}, naming it and its source
   */
  public static AccessConfig from(Settings settings) {
    Map<String, String> appNames = new TreeMap<>(); // normalised -> name as found
    for (String name : settings.namesStartingWith(PREFIX)) {
      String app = appOf(name.substring(PREFIX.length()), name, ".");
      if (app != null) {
        appNames.putIfAbsent(normalise(app), app);
      }
    }
    for (String name : settings.environmentNamesStartingWith(ENV_PREFIX)) {
      String app = appOf(name.substring(ENV_PREFIX.length()), name, "_");
      if (app != null) {
        appNames.putIfAbsent(normalise(app), app.toLowerCase(Locale.ROOT));
      }
    }
    PolicyReader reader = new PolicyReader(settings);
    AppPolicy defaults = reader.read(null, null);
    Map<String, AppPolicy> apps = new LinkedHashMap<>();
    appNames.forEach((normalised, app) -> apps.put(normalised, reader.read(app, defaults)));
    CallbackClient.Limits limits =
        new CallbackClient.Limits(
            positive(
                settings,
                CALLBACK_CONNECT_TIMEOUT,
                CallbackClient.Limits.DEFAULTS.connectTimeout()),
            positive(settings, CALLBACK_TIMEOUT, CallbackClient.Limits.DEFAULTS.timeout()),
            settings.getInt(
                CALLBACK_CONCURRENCY, CallbackClient.Limits.DEFAULTS.concurrency(), 1, 1024),
            settings.getInt(CALLBACK_QUEUE, CallbackClient.Limits.DEFAULTS.queue(), 0, 100_000));
    return new AccessConfig(defaults, apps, limits);
  }

  /**
   * The application a name under the prefix belongs to, or null for a default or global setting.
   *
   * @param rest the name after the prefix ({@code live.publish}, or {@code LIVE_PUBLISH})
   * @param separator "." in a setting's name, "_" in an environment variable's
   * @throws IllegalArgumentException when it is no access setting
   */
  private static String appOf(String rest, String fullName, String separator) {
    boolean env = separator.equals("_");
    for (String global :
        List.of(CALLBACK_CONNECT_TIMEOUT, CALLBACK_TIMEOUT, CALLBACK_CONCURRENCY, CALLBACK_QUEUE)) {
      if (form(global.substring(PREFIX.length()), env).equals(rest)) {
        return null;
      }
    }
    Field longest = null;
    for (Field f : Field.values()) {
      String field = form(f.key(), env);
      if (rest.equals(field)) {
        return null;
      }
      if (rest.endsWith(separator + field)
          && rest.length() > field.length() + 1
          && (longest == null || field.length() > longest.key().length())) {
        longest = f;
      }
    }
    if (longest == null) {
      throw new IllegalArgumentException(
          fullName
              + " is not an access setting: the names are rtmpt.access.FIELD and"
              + " rtmpt.access.APP.FIELD with FIELD one of "
              + String.join(", ", Arrays.stream(Field.values()).map(Field::key).toList())
              + " (README, Access control)");
    }
    return rest.substring(0, rest.length() - form(longest.key(), env).length() - 1);
  }

  private static String form(String key, boolean env) {
    return env ? Settings.environmentName(key) : key;
  }

  private static Duration positive(Settings settings, String name, Duration defaultValue) {
    Duration value = settings.getDuration(name, defaultValue);
    if (value.isZero()) {
      throw new IllegalArgumentException(
          name + " from " + settings.describe(name) + ": must be more than zero");
    }
    return value;
  }

  /** Reads the fields of one policy: the defaults ({@code app} null) or one application's. */
  private record PolicyReader(Settings settings) {
    AppPolicy read(String app, AppPolicy fallback) {
      AccessMode publish = mode(app, Field.PUBLISH, fallback == null ? null : fallback.publish());
      AccessMode play = mode(app, Field.PLAY, fallback == null ? null : fallback.play());
      AddressRules publishAddresses =
          new AddressRules(
              ranges(app, Field.PUBLISH_ALLOW, fallback, true, true),
              ranges(app, Field.PUBLISH_DENY, fallback, true, false));
      AddressRules playAddresses =
          new AddressRules(
              ranges(app, Field.PLAY_ALLOW, fallback, false, true),
              ranges(app, Field.PLAY_DENY, fallback, false, false));
      List<String> secrets = new ArrayList<>();
      String secret = secret(app, Field.TOKEN_SECRET);
      String previous = secret(app, Field.TOKEN_SECRET_PREVIOUS);
      if (secret == null && previous == null && fallback != null) {
        secrets.addAll(fallback.tokenSecrets());
      } else {
        if (secret != null) {
          secrets.add(secret);
        }
        if (previous != null) {
          secrets.add(previous);
        }
      }
      AppPolicy policy =
          new AppPolicy(
              publish,
              play,
              publishAddresses,
              playAddresses,
              secrets,
              uri(app, Field.ON_CONNECT, fallback == null ? null : fallback.onConnect()),
              uri(app, Field.ON_PUBLISH, fallback == null ? null : fallback.onPublish()),
              uri(app, Field.ON_PLAY, fallback == null ? null : fallback.onPlay()),
              uri(app, Field.ON_DONE, fallback == null ? null : fallback.onDone()),
              uri(app, Field.ON_RECORD_DONE, fallback == null ? null : fallback.onRecordDone()));
      check(app, policy, true);
      check(app, policy, false);
      return policy;
    }

    private String name(String app, Field field) {
      return app == null ? field.setting() : field.setting(app);
    }

    private AccessMode mode(String app, Field field, AccessMode fallback) {
      return settings.getEnum(
          name(app, field), AccessMode.class, fallback == null ? AccessMode.OPEN : fallback);
    }

    private List<CidrRange> ranges(
        String app, Field field, AppPolicy fallback, boolean publish, boolean allow) {
      String name = name(app, field);
      String text = settings.getString(name, null);
      if (text == null) {
        if (fallback == null) {
          return List.of();
        }
        AddressRules rules = fallback.addresses(publish);
        return allow ? rules.allow() : rules.deny();
      }
      try {
        return AddressRules.parseList(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            name + " from " + settings.describe(name) + ": " + e.getMessage());
      }
    }

    private String secret(String app, Field field) {
      String name = name(app, field);
      String value = settings.getString(name, null);
      if (value != null && value.length() < MIN_SECRET_LENGTH) {
        throw new IllegalArgumentException(
            name
                + " from "
                + settings.describe(name)
                + ": a secret of "
                + value.length()
                + " characters is too short (at least "
                + MIN_SECRET_LENGTH
                + ")");
      }
      return value;
    }

    private URI uri(String app, Field field, URI fallback) {
      String name = name(app, field);
      String text = settings.getString(name, null);
      if (text == null) {
        return fallback;
      }
      try {
        URI uri = new URI(text);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          name + " from " + settings.describe(name) + ": '" + text + "' is not an http(s) URL");
    }

    private void check(String app, AppPolicy policy, boolean publish) {
      Field field = publish ? Field.PUBLISH : Field.PLAY;
      AccessMode mode = policy.mode(publish);
      String where = name(app, field) + " (" + settings.describe(name(app, field)) + ")";
      if (mode == AccessMode.TOKEN && policy.tokenSecrets().isEmpty()) {
        throw new IllegalArgumentException(
            where + " is token, but no " + name(app, Field.TOKEN_SECRET) + " is set");
      }
      if (mode == AccessMode.CALLBACK && policy.callback(publish) == null) {
        Field url = publish ? Field.ON_PUBLISH : Field.ON_PLAY;
        throw new IllegalArgumentException(
            where + " is callback, but no " + name(app, url) + " is set");
      }
    }
  }
}
