package io.rtmpt.webapp.health;

import io.rtmpt.webapp.bridge.Upstream;
import io.rtmpt.webapp.tunnel.RtmptCloseReason;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import java.util.Objects;

/**
 * Every session of a gateway, as a {@link Drain} acts on them: the RTMPT tunnels and the upstream's
 * own sessions (in engine mode the engine's, native RTMP connections and the tunnels' engine
 * sessions alike; none in backend mode, where the tunnels are all there is).
 */
public final class GatewaySessions implements Drain.Target {
  private final RtmptSessionRegistry tunnels;
  private final Upstream upstream;

  public GatewaySessions(RtmptSessionRegistry tunnels, Upstream upstream) {
    this.tunnels = Objects.requireNonNull(tunnels, "tunnels");
    this.upstream = Objects.requireNonNull(upstream, "upstream");
  }

  /**
   * The larger of the tunnels and the upstream's sessions: in engine mode every tunnel has an
   * engine session, so the engine's count includes them; in backend mode only tunnels exist.
   */
  @Override
  public int openSessions() {
    return Math.max(tunnels.size(), upstream.sessionCount());
  }

  @Override
  public void refuseNewSessions(boolean refuse) {
    tunnels.refuseNewSessions(refuse);
    upstream.refuseNewSessions(refuse ? "server draining" : null);
  }

  @Override
  public int stopStreams(String reason) {
    return upstream.stopStreams(reason);
  }

  @Override
  public void closeAll() {
    tunnels.closeAll(RtmptCloseReason.DRAIN);
    upstream.closeSessions("drained");
  }
}
