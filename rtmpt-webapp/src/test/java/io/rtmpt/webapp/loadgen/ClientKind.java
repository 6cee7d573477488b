package io.rtmpt.webapp.loadgen;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The RTMPT clients the load generator imitates, each with the request timing, framing and headers
 * of the real program, measured on loopback (ffmpeg 5.1.9 and rtmpdump 2.4 through a logging relay)
 * and read in the sources named per constant. Plain RTMP connections have no kind: they write as
 * soon as they have bytes.
 */
public enum ClientKind {
  /**
   * ffmpeg 5.1 ({@code libavformat/rtmphttp.c}): strictly sequential (the next request only after
   * the whole reply was read); request head and body in two writes on a socket without TCP_NODELAY
   * (so Nagle holds each small body until the server ACKs the head); a publisher posts its buffered
   * packets once every 10 media packets ({@code -rtmp_flush_interval}) and sends no {@code /idle};
   * after a reply without data it sleeps 50 ms before the next {@code /idle}.
   */
  FFMPEG(
      headers(
          "Accept", "*/*",
          "Connection", "keep-alive",
          "Host", null,
          "Content-Length", null,
          "Icy-MetaData", "1",
          "Cache-Control", "no-cache",
          "Content-type", "application/x-fcs",
          "User-Agent", "Shockwave Flash"),
      false,
      true,
      false,
      false,
      10),

  /**
   * librtmp 2.4 / rtmpdump ({@code librtmp/rtmp.c} HTTP_Post, ReadN): TCP_NODELAY, head and body in
   * one write; every RTMP packet is its own {@code /send}, written at once even while earlier
   * replies are outstanding (pipelining); an {@code /idle} goes out as soon as no request is
   * outstanding, with no delay at all.
   */
  LIBRTMP(
      headers(
          "Host", null,
          "Accept", "*/*",
          "User-Agent", "Shockwave Flash",
          "Connection", "Keep-Alive",
          "Cache-Control", "no-cache",
          "Content-type", "application/x-fcs",
          "Content-length", null),
      true,
      false,
      true,
      false,
      1),

  /**
   * Flash Player (request order from flowplayer #462 and the Bauch spec, headers from the FMS 3.5.7
   * capture): {@code /fcs/ident2} first; sequential; sends what it has at once; before an {@code
   * /idle} it waits as long as the polling byte of the last reply says, read as {@code (byte - 1) x
   * 16 ms}: an inference, no source states it; it maps 0x21 to FMS's default IdlePostInterval of
   * 512 ms, and the Bauch spec calls 0x21 about 0.5 s.
   */
  FLASH(
      headers(
          "Content-Type", "application/x-fcs",
          "User-Agent", "Shockwave Flash",
          "Host", null,
          "Content-Length", null,
          "Connection", "Keep-Alive",
          "Cache-Control", "no-cache"),
      true,
      false,
      false,
      true,
      1);

  /** Milliseconds ffmpeg sleeps after a reply that carried no data. */
  static final int FFMPEG_EMPTY_REPLY_PAUSE_MILLIS = 50;

  /** Milliseconds per step of the polling byte, as Flash Player reads it. */
  static final int FLASH_POLLING_STEP_MILLIS = 16;

  private final List<String> headers;
  private final boolean tcpNoDelay;
  private final boolean splitsHeadAndBody;
  private final boolean pipelines;
  private final boolean sendsIdent2;
  private final int flushEveryMediaPackets;

  ClientKind(
      List<String> headers,
      boolean tcpNoDelay,
      boolean splitsHeadAndBody,
      boolean pipelines,
      boolean sendsIdent2,
      int flushEveryMediaPackets) {
    this.headers = headers;
    this.tcpNoDelay = tcpNoDelay;
    this.splitsHeadAndBody = splitsHeadAndBody;
    this.pipelines = pipelines;
    this.sendsIdent2 = sendsIdent2;
    this.flushEveryMediaPackets = flushEveryMediaPackets;
  }

  /**
   * Request headers in the client's order, as name/value pairs; a null value is filled in per
   * request ({@code Host}, {@code Content-Length}).
   */
  List<String> headers() {
    return headers;
  }

  boolean tcpNoDelay() {
    return tcpNoDelay;
  }

  /** Whether the request head and body go out in two separate writes. */
  boolean splitsHeadAndBody() {
    return splitsHeadAndBody;
  }

  /** Whether a {@code /send} may go out while earlier requests wait for their replies. */
  boolean pipelines() {
    return pipelines;
  }

  boolean sendsIdent2() {
    return sendsIdent2;
  }

  /** A publisher's media packets per {@code /send}. */
  int flushEveryMediaPackets() {
    return flushEveryMediaPackets;
  }

  /**
   * Milliseconds to wait before an {@code /idle}, given whether the last reply carried data and its
   * polling byte.
   */
  long idleDelayMillis(boolean lastReplyHadData, int pollingByte) {
    return switch (this) {
      case FFMPEG -> lastReplyHadData ? 0 : FFMPEG_EMPTY_REPLY_PAUSE_MILLIS;
      case LIBRTMP -> 0;
      case FLASH -> (long) Math.max(0, pollingByte - 1) * FLASH_POLLING_STEP_MILLIS;
    };
  }

  /** Name/value pairs; values may be null (filled in per request). */
  private static List<String> headers(String... pairs) {
    return Collections.unmodifiableList(Arrays.asList(pairs));
  }

  /** Lower case, for labels: "ffmpeg", "librtmp", "flash". */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
