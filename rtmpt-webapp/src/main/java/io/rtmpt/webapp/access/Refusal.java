package io.rtmpt.webapp.access;

import java.util.Locale;

/**
 * Why access control refused a client: the {@code reason} label of {@code
 * rtmpt_access_refused_total} and of the console's counts.
 */
public enum Refusal {
  /** The client's address is denied, or not in the allow list. */
  ADDRESS,
  /** The application's mode is deny. */
  DENIED,
  /** Mode token, and no token in the stream name's query. */
  NO_TOKEN,
  /** A token that is not EXPIRES.SIGNATURE. */
  MALFORMED_TOKEN,
  /** A correctly signed token past its expiry. */
  EXPIRED_TOKEN,
  /** A token signed for the other action (a publish token used to play, or the reverse). */
  WRONG_ACTION_TOKEN,
  /** A token not signed for this action and stream with an accepted secret. */
  INVALID_TOKEN,
  /** The callback answered with a status other than 2xx or 3xx. */
  CALLBACK_REFUSED,
  /** The callback did not answer within {@code rtmpt.access.callback-timeout-ms}. */
  CALLBACK_TIMEOUT,
  /** The callback could not be reached (connection refused, reset, bad answer). */
  CALLBACK_FAILED,
  /** Too many callbacks in flight and waiting ({@code rtmpt.access.callback-queue}). */
  CALLBACK_BUSY;

  /** The metrics label: {@code no_token}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
