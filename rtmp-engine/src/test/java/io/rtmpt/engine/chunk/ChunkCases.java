package io.rtmpt.engine.chunk;

import static io.rtmpt.engine.chunk.ChunkTesting.abort;
import static io.rtmpt.engine.chunk.ChunkTesting.counting;
import static io.rtmpt.engine.chunk.ChunkTesting.message;
import static io.rtmpt.engine.chunk.ChunkTesting.setChunkSize;

import io.rtmpt.engine.testing.Hex;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one table of wire cases that drives both {@link ChunkDecoderTest} and {@link
 * ChunkEncoderTest}: messages, the chunk size in force after them, and their chunks as hex with one
 * comment per field. Cases marked decode-only are valid input that our encoder never produces
 * (interleaving, Abort, wrap-around deltas, spec readings the encoder avoids).
 */
final class ChunkCases {
  private ChunkCases() {}

  /** One row of the table. */
  record Case(
      String name, List<RawMessage> messages, int chunkSize, byte[] wire, boolean encodable) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> all() {
    return CASES.stream();
  }

  static Stream<Case> encodable() {
    return CASES.stream().filter(Case::encodable);
  }

  private static Case both(String name, List<RawMessage> messages, int chunkSize, String... wire) {
    return new Case(name, messages, chunkSize, Hex.decode(wire), true);
  }

  private static Case decodeOnly(
      String name, List<RawMessage> messages, int chunkSize, String... wire) {
    return new Case(name, messages, chunkSize, Hex.decode(wire), false);
  }

  /** The type 0 Set Chunk Size chunk that opens several cases. */
  private static String setChunkSizeChunk(int size) {
    return "02" // fmt 0, chunk stream 2
        + "000000" // timestamp 0
        + "000004" // message length 4
        + "01" // type 1 Set Chunk Size
        + "00000000" // message stream 0
        + String.format("%08x", size); // new chunk size
  }

  private static final List<Case> CASES =
      List.of(
          both(
              "type 0 header with a one-byte basic header",
              List.of(message(3, 20, 0, 0, "0102030405")),
              128,
              "03", //        fmt 0, chunk stream 3
              "000000", //    timestamp 0
              "000005", //    message length 5
              "14", //        type 20 command AMF0
              "00000000", //  message stream 0 (little-endian)
              "0102030405"), // payload
          both(
              "largest one-byte chunk stream id 63 and a little-endian message stream id",
              List.of(message(63, 18, 0x04030201, 5, "0a0b")),
              128,
              "3f", //        fmt 0, chunk stream 63
              "000005", //    timestamp 5
              "000002", //    message length 2
              "12", //        type 18 data AMF0
              "01020304", //  message stream 0x04030201, little-endian
              "0a0b"), //     payload
          both(
              "type 1, 2 and 3 headers compress against the previous message",
              List.of(
                  message(4, 9, 1, 1000, "aa"),
                  message(4, 9, 1, 1033, "bbbb"),
                  message(4, 9, 1, 1066, "cccc"),
                  message(4, 9, 1, 1100, "dddd"),
                  message(4, 9, 1, 1134, "eeee"),
                  message(4, 8, 1, 1134, "ffff")),
              128,
              "04",
              "0003e8",
              "000001",
              "09",
              "01000000",
              "aa", // fmt 0, ts 1000, len 1, video, stream 1
              "44",
              "000021",
              "000002",
              "09",
              "bbbb", //          fmt 1: delta 33, length 2
              "c4",
              "cccc", //                                    fmt 3: delta 33 and length repeat
              "84",
              "000022",
              "dddd", //                          fmt 2: delta 34
              "c4",
              "eeee", //                                    fmt 3: delta 34 repeats
              "44",
              "000000",
              "000002",
              "08",
              "ffff"), //         fmt 1: type changes to audio, delta 0
          both(
              "two-byte basic headers for chunk streams 64 and 319",
              List.of(
                  message(64, 8, 1, 0, "01"),
                  message(319, 8, 1, 0, "02"),
                  message(64, 8, 1, 20, "03")),
              128,
              "00",
              "00", //  fmt 0, 2-byte form, id 64 + 0
              "000000",
              "000001",
              "08",
              "01000000",
              "01", // ts 0, len 1, audio, stream 1
              "00",
              "ff", //  fmt 0, 2-byte form, id 64 + 255
              "000000",
              "000001",
              "08",
              "01000000",
              "02",
              "80",
              "00", //  fmt 2, 2-byte form, id 64
              "000014", //    delta 20
              "03"),
          both(
              "three-byte basic headers for chunk streams 320 and 65599, with continuations",
              List.of(
                  setChunkSize(2),
                  message(320, 9, 1, 0, "aabbcc"),
                  message(65599, 9, 1, 0, "ddeeff")),
              2,
              setChunkSizeChunk(2),
              "01",
              "0001", // fmt 0, 3-byte form, id 64 + 0x0100 (little-endian)
              "000000",
              "000003",
              "09",
              "01000000",
              "aabb",
              "c1",
              "0001", // fmt 3, 3-byte form, id 320
              "cc",
              "01",
              "ffff", // fmt 0, 3-byte form, id 64 + 0xffff = 65599
              "000000",
              "000003",
              "09",
              "01000000",
              "ddee",
              "c1",
              "ffff", // fmt 3, id 65599
              "ff"),
          both(
              "a 300-byte message at the default chunk size takes three chunks",
              List.of(message(3, 9, 1, 0, counting(0, 300))),
              128,
              "03",
              "000000",
              "00012c",
              "09",
              "01000000", // fmt 0, ts 0, length 300, video, stream 1
              counting(0, 128), //   first 128 bytes
              "c3",
              counting(128, 256), // fmt 3 continuation
              "c3",
              counting(256, 300)), // last 44 bytes
          both(
              "a message of exactly one chunk has no continuation",
              List.of(setChunkSize(4), message(3, 8, 1, 0, "01020304")),
              4,
              setChunkSizeChunk(4),
              "03",
              "000000",
              "000004",
              "08",
              "01000000",
              "01020304"),
          both(
              "extended timestamp on a type 0 header is repeated on its type 3 continuations",
              List.of(setChunkSize(4), message(3, 9, 1, 0x01000000, "aabbccddeeff")),
              4,
              setChunkSizeChunk(4),
              "03", //        fmt 0, chunk stream 3
              "ffffff", //    timestamp marker: extended timestamp follows
              "000006",
              "09",
              "01000000",
              "01000000", //  extended timestamp 0x01000000
              "aabbccdd",
              "c3", //        fmt 3 continuation
              "01000000", //  extended timestamp repeated
              "eeff"),
          both(
              "a timestamp of exactly 0xFFFFFF needs the extended field",
              List.of(message(3, 8, 1, 0xFFFFFF, "01")),
              128,
              "03",
              "ffffff",
              "000001",
              "08",
              "01000000",
              "00ffffff", //  extended timestamp 0xFFFFFF
              "01"),
          both(
              "extended deltas on type 1, type 2 and type 3 headers and continuations",
              List.of(
                  setChunkSize(2),
                  message(5, 8, 1, 0, "01"),
                  message(5, 8, 1, 0x01000000, "0203"),
                  message(5, 8, 1, 0x02000000, "0405"),
                  message(5, 8, 1, 0x02FFFFFF, "0607"),
                  message(5, 8, 1, 0x03FFFFFE, "08090a")),
              2,
              setChunkSizeChunk(2),
              "05",
              "000000",
              "000001",
              "08",
              "01000000",
              "01", // fmt 0, ts 0
              "45",
              "ffffff",
              "000002",
              "08", //  fmt 1: delta marker, length 2
              "01000000", //                      extended delta 0x01000000
              "0203",
              "c5", //                            fmt 3 starting a new message
              "01000000", //                      extended delta repeated: 0x01000000
              "0405",
              "85",
              "ffffff", //                  fmt 2: delta marker
              "00ffffff", //                      extended delta 0xFFFFFF
              "0607",
              "45",
              "ffffff",
              "000003",
              "08", //  fmt 1: delta marker, length 3
              "00ffffff", //                      extended delta 0xFFFFFF
              "0809",
              "c5",
              "00ffffff", //                fmt 3 continuation repeats the extended delta
              "0a"),
          decodeOnly(
              "a timestamp delta wraps modulo 2^32",
              List.of(message(3, 8, 1, 0xFFFFFFF0L, "01"), message(3, 8, 1, 0x10, "02")),
              128,
              "03",
              "ffffff",
              "000001",
              "08",
              "01000000",
              "fffffff0", //  extended timestamp 0xFFFFFFF0
              "01",
              "83",
              "000020", // fmt 2: delta 32 wraps to 0x10
              "02"),
          both(
              "a timestamp going backwards gets a new type 0 header",
              List.of(message(3, 8, 1, 1000, "01"), message(3, 8, 1, 500, "02")),
              128,
              "03",
              "0003e8",
              "000001",
              "08",
              "01000000",
              "01",
              "03",
              "0001f4",
              "000001",
              "08",
              "01000000",
              "02"), // fmt 0 again, ts 500
          both(
              "a new message stream id gets a new type 0 header",
              List.of(message(4, 20, 0, 0, "01"), message(4, 20, 1, 0, "02")),
              128,
              "04",
              "000000",
              "000001",
              "14",
              "00000000",
              "01",
              "04",
              "000000",
              "000001",
              "14",
              "01000000",
              "02"), // fmt 0, stream 1
          decodeOnly(
              "a type 3 header after type 0 adds that header's timestamp as its delta",
              List.of(message(3, 8, 1, 100, "01"), message(3, 8, 1, 200, "02")),
              128,
              "03",
              "000064",
              "000001",
              "08",
              "01000000",
              "01", // fmt 0, ts 100
              "c3", //        fmt 3 new message: delta = 100 (spec 5.3.1.2.4, ffmpeg)
              "02"),
          decodeOnly(
              "a type 3 header after an extended type 0 reads a fresh 4-byte delta",
              List.of(message(3, 8, 1, 0x01000000, "01"), message(3, 8, 1, 0x01000010, "02")),
              128,
              "03",
              "ffffff",
              "000001",
              "08",
              "01000000",
              "01000000",
              "01",
              "c3", //        fmt 3 new message
              "00000010", //  extended field: delta 16
              "02"),
          both(
              "after a type 0 header at 100, a delta of 100 is sent as type 2, not type 3",
              List.of(message(3, 8, 1, 100, "01"), message(3, 8, 1, 200, "02")),
              128,
              "03",
              "000064",
              "000001",
              "08",
              "01000000",
              "01",
              "83",
              "000064", // fmt 2: delta 100, unambiguous for nginx-rtmp and ffmpeg alike
              "02"),
          both(
              "repeated control messages at timestamp 0 use type 3 headers",
              List.of(message(2, 5, 0, 0, "00002000"), message(2, 5, 0, 0, "00002000")),
              128,
              "02",
              "000000",
              "000004",
              "05",
              "00000000",
              "00002000", // window ack size 8192
              "c2",
              "00002000"), // fmt 3: delta 0 repeats
          both(
              "zero-length messages",
              List.of(
                  message(3, 18, 1, 0, ""), message(3, 18, 1, 0, ""), message(3, 20, 1, 40, "")),
              128,
              "03",
              "000000",
              "000000",
              "12",
              "01000000", // fmt 0, length 0: no chunk data
              "c3", //                                     fmt 3: another empty message
              "43",
              "000028",
              "000000",
              "14"), //          fmt 1: delta 40, type 20, length 0
          both(
              "set chunk size in the middle of a buffer, larger and then smaller",
              List.of(
                  setChunkSize(4),
                  message(3, 8, 1, 0, "010203040506"),
                  setChunkSize(8),
                  message(3, 8, 1, 0, "0102030405060708090a"),
                  setChunkSize(2),
                  message(3, 8, 1, 0, "0b0c0d0e0f")),
              2,
              setChunkSizeChunk(4),
              "03",
              "000000",
              "000006",
              "08",
              "01000000",
              "01020304",
              "c3",
              "0506", // 4 + 2
              "c2",
              "00000008", // fmt 3 on chunk stream 2: Set Chunk Size 8
              "43",
              "000000",
              "00000a",
              "08",
              "0102030405060708",
              "c3",
              "090a", // 8 + 2
              "c2",
              "00000002", // Set Chunk Size 2
              "43",
              "000000",
              "000005",
              "08",
              "0b0c",
              "c3",
              "0d0e",
              "c3",
              "0f"), // 2 + 2 + 1
          decodeOnly(
              "a message spanning a set chunk size continues with the new size",
              List.of(setChunkSize(4), setChunkSize(6), message(4, 9, 1, 0, counting(0, 10))),
              6,
              setChunkSizeChunk(4),
              "04",
              "000000",
              "00000a",
              "09",
              "01000000",
              "00010203", // first chunk: 4 bytes
              "c2",
              "00000006", // Set Chunk Size 6 while chunk stream 4 is partial
              "c4",
              "040506070809"), // continuation: 6 bytes
          decodeOnly(
              "abort drops the partial message of its chunk stream",
              List.of(
                  setChunkSize(4),
                  abort(4),
                  message(4, 9, 1, 2000, counting(0xa0, 0xaa)),
                  abort(99)),
              4,
              setChunkSizeChunk(4),
              "04",
              "0003e8",
              "00000a",
              "09",
              "01000000",
              "00010203", // partial: 4 of 10 bytes
              "42",
              "000000",
              "000004",
              "02",
              "00000004", // fmt 1: Abort chunk stream 4
              "c4",
              "a0a1a2a3", // fmt 3 starts a new message: delta 1000 (the type 0 timestamp)
              "c4",
              "a4a5a6a7",
              "c4",
              "a8a9",
              "c2",
              "00000063"), // Abort of chunk stream 99, which has no state: ignored
          decodeOnly(
              "interleaved audio and video chunks",
              List.of(
                  setChunkSize(4),
                  message(4, 8, 1, 0, "a0a1a2"),
                  message(4, 8, 1, 23, "b0b1b2"),
                  message(6, 9, 1, 0, counting(0, 10))),
              4,
              setChunkSizeChunk(4),
              "06",
              "000000",
              "00000a",
              "09",
              "01000000",
              "00010203", // video: first 4 of 10
              "04",
              "000000",
              "000003",
              "08",
              "01000000",
              "a0a1a2", //   audio: whole message
              "c6",
              "04050607", //                                        video continuation
              "84",
              "000017",
              "b0b1b2", //                                audio: fmt 2, delta 23
              "c6",
              "0809")); //                                          video: last chunk
}
