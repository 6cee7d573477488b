package io.rtmpt.engine.session;

/**
 * A created stream that neither publishes nor plays.
 *
 * @param streamId the message stream id
 */
record IdleStream(int streamId) implements NetStream {}
