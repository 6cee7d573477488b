/**
 * Recording: live streams written to FLV files as they are published. {@link
 * io.rtmpt.engine.record.Recordings} starts and stops one {@code Recorder} per recorded stream, a
 * {@link io.rtmpt.engine.live.Subscriber} of the live stream like a player, with a bounded queue
 * and a writer task of its own so that the disk never slows the publisher; {@code FlvWriter}
 * appends one tag per write, so a file is playable up to its last complete tag whenever the process
 * stops. Closed files are reported to a {@link io.rtmpt.engine.record.RecordDoneListener}. File
 * names come from {@link io.rtmpt.engine.record.RecordFileNames}: no user input reaches the file
 * system unsanitised.
 */
package io.rtmpt.engine.record;
