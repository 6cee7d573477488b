/**
 * On-demand playback: media files (FLV, and MP4 with H.264 and AAC) served to players at playback
 * speed. A {@link io.rtmpt.engine.vod.VodLibrary} maps applications to {@link
 * io.rtmpt.engine.vod.MediaDirectory}s, which turn user-supplied stream names into files inside
 * them or refuse them; a {@link io.rtmpt.engine.vod.MediaSource} indexes a file ({@code FlvSource},
 * {@code Mp4Source}) and reads its samples as FLV tag bodies ({@link
 * io.rtmpt.engine.live.MediaFrame}s); a {@link io.rtmpt.engine.vod.VodPlayer} paces them to a
 * {@link io.rtmpt.engine.vod.VodSink}, the session's NetStream, on the library's scheduler.
 *
 * <p>Beside {@code live}, independent of the session: file I/O happens here, on the scheduler's
 * threads, never on a transport thread. Lock order: a session's input lock, then a player's lock,
 * then the session's outbound queue lock (see the {@code session} package documentation).
 */
package io.rtmpt.engine.vod;
