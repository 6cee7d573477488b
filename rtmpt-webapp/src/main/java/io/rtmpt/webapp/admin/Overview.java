package io.rtmpt.webapp.admin;

import io.rtmpt.webapp.bridge.BackendHealth;
import io.rtmpt.webapp.health.Drain;
import java.util.List;
import java.util.Map;

/**
 * The gateway at a glance: the console's top of page and {@code GET /admin/api/overview}.
 *
 * @param now when this was taken (epoch millis)
 * @param startedAt when the application started (epoch millis)
 * @param uptimeSeconds seconds since then
 * @param server the container's name and version
 * @param bridge {@code engine} or {@code backend}
 * @param backend the backend's health in backend mode, else null
 * @param rtmpListener the native RTMP listener's address, or null when it is off
 * @param rtmpsListener the native RTMPS listener and its certificate, or null when it is off
 * @param sessionsByTransport open sessions by transport ({@code rtmp}, {@code rtmps}, {@code
 *     rtmpt}, {@code rtmpts}); in backend mode the tunnels
 * @param sessions open sessions in total
 * @param tunnels open RTMPT tunnels (a subset of {@code sessions})
 * @param streams live streams of the engine (0 in backend mode)
 * @param players players of those streams
 * @param bitsPerSecondIn inbound bitrate over the last sample interval
 * @param bitsPerSecondOut outbound bitrate over the last sample interval
 * @param totals counts since start
 * @param accessRefused refusals by access control since start, by "action/reason" (e.g. {@code
 *     publish/no_token}), only those not 0
 * @param warnings what needs attention, most severe first
 * @param drain the node's drain ({@code serving} while it takes new tunnels)
 * @param liveUpdates whether the console's WebSocket runs; without it (a container without
 *     WebSocket support) the console polls this API
 */
public record Overview(
    long now,
    long startedAt,
    long uptimeSeconds,
    String server,
    String bridge,
    BackendHealth backend,
    String rtmpListener,
    RtmpsStatus rtmpsListener,
    Map<String, Integer> sessionsByTransport,
    int sessions,
    int tunnels,
    int streams,
    int players,
    long bitsPerSecondIn,
    long bitsPerSecondOut,
    Totals totals,
    Map<String, Long> accessRefused,
    List<Warning> warnings,
    Drain.Status drain,
    boolean liveUpdates) {}
