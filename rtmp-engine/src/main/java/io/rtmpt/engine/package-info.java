/**
 * The RTMP engine's composition root ({@link io.rtmpt.engine.RtmpEngine}), configuration ({@link
 * io.rtmpt.engine.EngineConfig}) and events ({@link io.rtmpt.engine.EngineListener}).
 *
 * <p>Package dependencies point one way: {@code protocol} at the bottom; the codecs {@code amf},
 * {@code chunk} and {@code handshake} on it; {@code message} on the codecs; {@code command} on
 * {@code message}; {@code live} on {@code message} and {@code monitor}; {@code vod} (files played)
 * on {@code live} and {@code amf}, {@code record} (streams written to files) on {@code vod} too;
 * {@code session} on all of those but {@code record}; this package on {@code session}, {@code
 * live}, {@code vod}, {@code record} and {@code chunk}; {@code server} on this package and {@code
 * session}.
 */
package io.rtmpt.engine;
