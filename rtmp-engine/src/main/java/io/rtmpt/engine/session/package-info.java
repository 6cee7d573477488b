/**
 * The sans-IO server session: bytes in, commands acted on, bytes out. A {@link
 * io.rtmpt.engine.session.SessionRegistry} makes and tracks the {@link
 * io.rtmpt.engine.session.ServerSession}s; each session splits its work by job (handshake and
 * acknowledgements, {@code NetConnection} commands, {@code NetStreams} and their commands, the
 * {@code OutboundQueue}).
 *
 * <h2>Threads and the lock order</h2>
 *
 * Four locks, always taken in this order, never the other way round:
 *
 * <ol>
 *   <li><b>the session's input lock</b> ({@code ServerSession.inputLock}): held while a transport
 *       thread feeds {@code onBytes}, by {@code close}, by the thread that completes a {@link
 *       io.rtmpt.engine.session.StreamGate} decision which arrived later, while it applies the
 *       verdict and acts on the input held meanwhile, and by {@code tick}, which only ever tries it
 *       ({@code tryLock}) and skips its turn when input is being processed;
 *   <li><b>a live stream's lock</b> ({@code LiveStream.lock}): taken under the publisher's input
 *       lock to pass a frame on, and under a player's input lock to subscribe or unsubscribe;
 *   <li><b>a file player's lock</b> ({@code VodPlayer.lock}, package {@code vod}): taken under the
 *       player's input lock to seek, pause or stop, and alone by the VOD scheduler's thread that
 *       reads and paces the file; a {@code VodStream} is called under it;
 *   <li><b>a session's outbound queue lock</b> ({@code OutboundQueue.lock}): taken under a stream's
 *       lock when a player's {@code PlayStream} queues a frame, and alone by {@code pollOutbound}.
 * </ol>
 *
 * Subscribers ({@code PlayStream}) run on the publisher's thread under the stream's lock and their
 * own queue's lock: they must not block, must not call into the stream or the registry, and must
 * not take an input lock. What they cannot do there they defer: a player whose queue overflows only
 * requests its close ({@code requestClose}), and the session closes at its next {@code onBytes} or
 * {@code pollOutbound}, which may take the input lock with {@code tryLock}; waking the transport up
 * ({@code wakeUp}, {@link io.rtmpt.engine.session.SessionListener}) happens after the stream's lock
 * is released. A file player ({@code VodStream}) wakes its transport up under the player's lock
 * (listeners only schedule work). The scheduler's thread never takes an input or a stream lock.
 * {@code pollOutbound} takes only the queue lock, so a transport can drain a player while its input
 * is busy.
 *
 * <p>One session acts on another in one place: a publisher taking a quiet publisher's name over
 * ({@code Takeovers}). Under its own input lock it takes the stream's lock to hand the name over
 * ({@code StreamRegistry.takeOver}), then asks the old session to close ({@code endSoon}: a flag
 * and a wake-up, never the old session's input lock); the old session closes at its next {@code
 * onBytes}, {@code pollOutbound} or {@code tick}.
 *
 * <p>Time comes from the engine's clock ({@code SessionRegistry.nanoTime}); no class here starts a
 * thread or a timer (the VOD scheduler and the recorders' writers live in {@code vod} and {@code
 * record}).
 */
package io.rtmpt.engine.session;
