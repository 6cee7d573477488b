/**
 * Where the tunnels lead ({@code rtmpt.bridge}): the {@link io.rtmpt.webapp.bridge.Upstream}
 * strategy. {@link io.rtmpt.webapp.bridge.EngineUpstream} runs an in-process RTMP engine (and its
 * native RTMP and RTMPS listeners, {@link io.rtmpt.webapp.bridge.RtmpsListener}) whose sessions the
 * tunnels drive; {@link io.rtmpt.webapp.bridge.BackendUpstream} connects each tunnel to a backend
 * RTMP server over TCP and builds no engine, terminating RTMPE for backends without it ({@code
 * RtmpeTermination}). Both implement the tunnel's {@link io.rtmpt.webapp.tunnel.TunnelPeerFactory}
 * (the tunnel package stays free of RTMP code) and tell the admin console what they know: sessions,
 * streams, byte totals, the backend's reachability.
 */
package io.rtmpt.webapp.bridge;
