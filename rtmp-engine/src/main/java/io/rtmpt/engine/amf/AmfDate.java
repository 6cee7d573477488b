package io.rtmpt.engine.amf;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * A date: milliseconds since 1970-01-01T00:00:00Z as an IEEE-754 double.
 *
 * <p>AMF0 (marker 0x0B) writes the double and then an S16 time-zone field that the specification
 * reserves and asks to be 0; the reader keeps what it finds in {@link #timeZone()}, the writers
 * always send 0. AMF3 (marker 0x08) has no time-zone field, so AMF3 dates read with a time zone of
 * 0.
 *
 * @param epochMillis milliseconds since the epoch; may be fractional, negative, NaN or infinite
 * @param timeZone the AMF0 time-zone field as read (S16), 0 for AMF3 and for new dates
 */
public record AmfDate(double epochMillis, int timeZone) {
  public AmfDate {
    if (timeZone < Short.MIN_VALUE || timeZone > Short.MAX_VALUE) {
      throw new IllegalArgumentException("time zone " + timeZone + " is not an s16");
    }
  }

  public AmfDate(double epochMillis) {
    this(epochMillis, 0);
  }

  public static AmfDate of(Instant instant) {
    return new AmfDate(instant.getEpochSecond() * 1000.0 + instant.getNano() / 1_000_000.0);
  }

  /**
   * This date as an instant, rounded down to the nanosecond.
   *
   * @throws DateTimeException if the date is NaN, infinite or outside {@link Instant}'s range
   */
  public Instant toInstant() {
    if (!Double.isFinite(epochMillis)) {
      throw new DateTimeException("amf date " + epochMillis + " is not a finite instant");
    }
    double seconds = Math.floor(epochMillis / 1000.0);
    long nanos = (long) ((epochMillis - seconds * 1000.0) * 1_000_000.0);
    if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
      throw new DateTimeException("amf date " + epochMillis + " is outside the instant range");
    }
    return Instant.ofEpochSecond((long) seconds, nanos);
  }
}
