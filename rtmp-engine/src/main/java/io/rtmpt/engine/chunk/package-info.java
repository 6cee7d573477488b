/**
 * The RTMP chunk stream (RTMP specification 1.0, section 5.3): {@link
 * io.rtmpt.engine.chunk.ChunkDecoder} reassembles {@link io.rtmpt.engine.chunk.RawMessage}s from
 * interleaved chunks, {@link io.rtmpt.engine.chunk.ChunkEncoder} cuts messages into chunks with
 * header compression.
 *
 * <p>Wire format of one chunk (all integers big-endian except the message stream id):
 *
 * <pre>
 * +--------------+----------------+--------------------+------------+
 * | basic header | message header | extended timestamp | chunk data |
 * | 1, 2, 3 B    | 11, 7, 3, 0 B  | 0 or 4 B           | &lt;= size   |
 * +--------------+----------------+--------------------+------------+
 *
 * basic header: fmt (2 bits) + chunk stream id (6 bits)
 *   id 2..63    one byte:    fmt | id
 *   id 64..319  two bytes:   fmt | 0, id - 64
 *   id 64..65599 three bytes: fmt | 1, (id - 64) &amp; 0xFF, (id - 64) &gt;&gt; 8
 *
 * message header by fmt:
 *   0 (11 B): timestamp u24, message length u24, type id u8, message stream id u32 little-endian
 *   1 (7 B):  timestamp delta u24, message length u24, type id u8
 *   2 (3 B):  timestamp delta u24
 *   3 (0 B):  everything repeats from the previous header of the same chunk stream
 * </pre>
 *
 * A 24-bit timestamp or delta of 0xFFFFFF means the real value follows as a 32-bit extended
 * timestamp. The chunk size starts at 128 bytes per direction and changes with Set Chunk Size
 * (message type 1); Abort (type 2) discards a partially received message.
 *
 * <p>Only the JDK is used here, so that the TCP and RTMPT transports share this code.
 */
package io.rtmpt.engine.chunk;
