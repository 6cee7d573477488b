package io.rtmpt.webapp.admin;

import java.util.List;

/**
 * One client connection as the console lists it: an RTMPT tunnel (with, in engine mode, what its
 * engine session knows) or a direct RTMP connection to the engine.
 *
 * @param id {@code t-<tunnel id>} for a tunnel, {@code e-<engine session id>} for a direct
 *     connection; what {@code POST /admin/api/sessions/{id}/disconnect} takes
 * @param kind {@code tunnel} or {@code direct}
 * @param transport {@code rtmp}, {@code rtmps}, {@code rtmpt} or {@code rtmpts}: how the client
 *     reaches the gateway (the metrics' {@code transport} label)
 * @param variant what the client speaks, as its URL scheme says: the transport, or with RTMPE
 *     inside it {@code rtmpe}, {@code rtmpte}, {@code rtmps+rtmpe}, {@code rtmpts+rtmpe}
 * @param handshake the handshake type its C0 asked for ({@code rtmp}, {@code rtmpe}, {@code
 *     rtmpe-xtea}, {@code rtmpe-blowfish}), or null before the client sent it
 * @param clientAddress the client's address and port
 * @param userAgent the tunnel's HTTP User-Agent, or null
 * @param flashVer the client's version string from its RTMP connect, or null
 * @param app the RTMP application, or null before connect (and in backend mode)
 * @param publishing streams published, as app/name
 * @param playing streams played, as app/name
 * @param state the engine session's state (handshaking, awaiting_connect, connected), or for a
 *     tunnel without one its own (waiting, processing, holding)
 * @param tunnelState the tunnel's state, null for a direct connection
 * @param bytesIn bytes received from the client
 * @param bytesOut bytes sent to the client
 * @param bitsPerSecondIn recent inbound bitrate
 * @param bitsPerSecondOut recent outbound bitrate
 * @param requests HTTP requests of a tunnel, null for a direct connection
 * @param requestsPerSecond a tunnel's recent request rate, null for a direct connection
 * @param openedAt when it was opened (epoch millis)
 * @param ageSeconds seconds since then
 * @param lastActivityAt when the client was last heard from (epoch millis)
 * @param droppedFrames frames dropped for it as a slow player
 * @param tunnelId the tunnel id, or null
 * @param engineSessionId the engine session id, or null
 */
public record SessionRow(
    String id,
    String kind,
    String transport,
    String variant,
    String handshake,
    String clientAddress,
    String userAgent,
    String flashVer,
    String app,
    List<String> publishing,
    List<String> playing,
    String state,
    String tunnelState,
    long bytesIn,
    long bytesOut,
    long bitsPerSecondIn,
    long bitsPerSecondOut,
    Long requests,
    Double requestsPerSecond,
    long openedAt,
    long ageSeconds,
    long lastActivityAt,
    long droppedFrames,
    String tunnelId,
    Long engineSessionId) {}
