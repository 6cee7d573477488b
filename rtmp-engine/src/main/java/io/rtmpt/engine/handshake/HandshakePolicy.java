package io.rtmpt.engine.handshake;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which {@link HandshakeType handshake types} a server accepts. A C0 naming a type outside the set
 * fails the handshake with an {@code RtmpProtocolException} whose message names the type and the
 * accepted ones, so the connection's close line in the log says why.
 *
 * <p>Operators that must not offer RC4 (RTMPE's stream cipher) accept {@link #plainOnly()}.
 *
 * @param accepted the accepted types, not empty; stored as an unmodifiable copy
 */
public record HandshakePolicy(Set<HandshakeType> accepted) {

  public HandshakePolicy {
    Objects.requireNonNull(accepted, "accepted");
    if (accepted.isEmpty()) {
      throw new IllegalArgumentException("a handshake policy must accept at least one type");
    }
    accepted = Collections.unmodifiableSet(EnumSet.copyOf(accepted));
  }

  /** Every type: plain RTMP and RTMPE with any signature encryption (the default). */
  public static HandshakePolicy all() {
    return new HandshakePolicy(EnumSet.allOf(HandshakeType.class));
  }

  /** Plain RTMP only: every RTMPE handshake (C0 = 6, 8, 9) is refused. */
  public static HandshakePolicy plainOnly() {
    return new HandshakePolicy(EnumSet.of(HandshakeType.PLAIN));
  }

  /** Exactly the given types. */
  public static HandshakePolicy of(HandshakeType first, HandshakeType... more) {
    EnumSet<HandshakeType> set = EnumSet.of(first);
    set.addAll(Arrays.asList(more));
    return new HandshakePolicy(set);
  }

  /**
   * Parses a comma-separated list of {@linkplain HandshakeType#label() labels}, e.g. {@code
   * "rtmp,rtmpe"}, for settings.
   *
   * @throws IllegalArgumentException for an unknown label or an empty list
   */
  public static HandshakePolicy parse(String labels) {
    EnumSet<HandshakeType> set = EnumSet.noneOf(HandshakeType.class);
    for (String label : labels.split(",")) {
      if (!label.isBlank()) {
        set.add(HandshakeType.ofLabel(label));
      }
    }
    return new HandshakePolicy(set);
  }

  public boolean accepts(HandshakeType type) {
    return accepted.contains(type);
  }

  /** The accepted labels, comma-separated in code order: "rtmp,rtmpe,...". */
  @Override
  public String toString() {
    return accepted.stream()
        .map(HandshakeType::label)
        .map(l -> l.toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(","));
  }
}
