package io.rtmpt.engine.record;

import io.rtmpt.engine.live.StreamKey;
import java.nio.file.Path;

/**
 * A recording file that was closed: what an {@code on_record_done} notification carries.
 *
 * @param path the file
 * @param key the stream recorded
 * @param durationMillis media time in the file, in ms
 * @param bytes file size
 * @param startedAtMillis when the file was opened (epoch ms)
 * @param reason why it was closed: "publish ended", "stopped by operator", "rotated", "disk space
 *     below floor", "write failed: ..."
 */
public record RecordedFile(
    Path path,
    StreamKey key,
    long durationMillis,
    long bytes,
    long startedAtMillis,
    String reason) {}
