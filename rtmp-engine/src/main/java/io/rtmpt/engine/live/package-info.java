/**
 * Live fan-out: one publisher, many players, late-joiner caches. Independent of the protocol: a
 * {@link io.rtmpt.engine.live.Publisher} feeds {@link io.rtmpt.engine.live.MediaFrame}s into a
 * {@link io.rtmpt.engine.live.LiveStream}, which hands each to every {@link
 * io.rtmpt.engine.live.Subscriber}.
 *
 * <p><b>Fan-out runs on the publisher's thread.</b> {@link io.rtmpt.engine.live.LiveStream#onFrame}
 * calls every subscriber's {@code onFrame} under the stream's lock, on the thread that delivered
 * the publisher's bytes (a Netty event loop, or the container thread of an RTMPT {@code /send}),
 * and then every subscriber's {@code wakeUp} after the lock. Why: a subscriber's {@code onFrame}
 * only applies its drop policy and appends the shared frame to its session's outbound queue (no
 * copy, no encoding, no I/O), so the cost per player is small and bounded; in exchange no thread,
 * ring buffer or hand-off is needed per player, and every player sees frames in publish order. The
 * cost is that fan-out is charged to the publisher's latency; mediamtx instead gives each reader
 * its own ring buffer. Subscribers must therefore never block and never call back into the stream
 * or the registry from {@code onFrame}, {@code onPublish} or {@code onUnpublish}. The lock order is
 * written down in the {@code session} package documentation.
 */
package io.rtmpt.engine.live;
