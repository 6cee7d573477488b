package io.rtmpt.engine.session;

/**
 * How a session tells its transport that it has something to do. Called from any thread, possibly
 * while the caller holds locks of its own: implementations schedule work (wake a Netty event loop,
 * release a held HTTP request) and may call {@link ServerSession#pollOutbound}, but must not call
 * {@link ServerSession#onBytes} or {@link ServerSession#close} synchronously.
 */
@FunctionalInterface
public interface SessionListener {
  /** Bytes are ready for {@link ServerSession#pollOutbound}, or the session closed. */
  void outboundReady();
}
