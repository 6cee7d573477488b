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
 *       thread feeds {@code onBytes}, and by {@code close};
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
 */
package io.rtmpt.engine.session;
