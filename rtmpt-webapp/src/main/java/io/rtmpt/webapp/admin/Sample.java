package io.rtmpt.webapp.admin;

/**
 * One point of the console's charts, taken every {@link AdminService#SAMPLE_PERIOD}.
 *
 * @param t when (epoch millis)
 * @param bitsPerSecondIn inbound bitrate since the previous sample
 * @param bitsPerSecondOut outbound bitrate since the previous sample
 * @param rtmp open RTMP sessions
 * @param rtmps open RTMPS sessions
 * @param rtmpt open RTMPT tunnels
 * @param rtmpts open RTMPTS tunnels
 * @param streams live streams
 */
public record Sample(
    long t,
    long bitsPerSecondIn,
    long bitsPerSecondOut,
    int rtmp,
    int rtmps,
    int rtmpt,
    int rtmpts,
    int streams) {}
