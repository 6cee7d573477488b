package io.rtmpt.webapp.admin;

import io.rtmpt.webapp.access.AccessControl;
import io.rtmpt.webapp.bridge.EngineCounters;
import io.rtmpt.webapp.bridge.Upstream;
import io.rtmpt.webapp.health.Drain;
import io.rtmpt.webapp.tunnel.RtmptSessionRegistry;
import java.util.Objects;

/**
 * What the console and the metrics read, each at its source: the same objects for both, so that
 * they never disagree.
 *
 * @param upstream where the tunnels lead: sessions, streams, byte totals, operator actions
 * @param tunnels the RTMPT tunnels and their totals
 * @param counters the engine's events by transport (all 0 in backend mode)
 * @param access access control: its settings and refusal counts
 * @param startedAtMillis when the gateway started (epoch millis)
 * @param drain the node's drain: its state, and the operator's drain and resume actions
 */
public record Sources(
    Upstream upstream,
    RtmptSessionRegistry tunnels,
    EngineCounters counters,
    AccessControl access,
    long startedAtMillis,
    Drain drain) {
  public Sources {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(tunnels, "tunnels");
    Objects.requireNonNull(counters, "counters");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(drain, "drain");
  }
}
