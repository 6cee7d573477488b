package io.rtmpt.engine.record;

/**
 * One recording now, for the console and the admin API.
 *
 * @param app the application
 * @param name the stream name
 * @param file the file being written, or null before the first frame
 * @param startedAtMillis when recording started (epoch ms)
 * @param bytes bytes in the current file
 * @param durationMillis media time in the current file, in ms
 * @param files files written so far (rotation starts new ones)
 * @param droppedFrames frames dropped because the disk was slower than the stream
 */
public record RecordingInfo(
    String app,
    String name,
    String file,
    long startedAtMillis,
    long bytes,
    long durationMillis,
    int files,
    long droppedFrames) {}
