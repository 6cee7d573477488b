package io.rtmpt.engine.bench;

import io.rtmpt.engine.chunk.ChunkConstants;
import io.rtmpt.engine.chunk.ChunkDecoder;
import io.rtmpt.engine.chunk.ChunkEncoder;
import io.rtmpt.engine.chunk.ChunkLimits;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Chunk codec throughput on ten seconds of a typical live stream: H.264-like video at about 4
 * Mbit/s, 30 frames/s (a 60 KB keyframe every 2 s, other frames 2-30 KB) on chunk stream 6, and
 * AAC-like audio, 200-byte frames every 23 ms, on chunk stream 4, interleaved by timestamp. The
 * volume counted is the payload bytes, so that MB/s compare across chunk sizes. {@code
 * baselineCopy} copies the same payloads into one reused ByteBuffer: plain memory bandwidth, the
 * ceiling for both codecs. {@code decode} feeds the wire in 16 KiB reads, as a socket would, and
 * must also allocate (and the JVM zero) a fresh array per message, so it cannot reach the baseline;
 * {@code encode} writes into one reused ByteArrayOutputStream.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class ChunkCodecBenchmark {
  private static final int READ_SIZE = 16 * 1024;

  @Param({"4096", "128"})
  public int chunkSize;

  private List<RawMessage> messages;
  private long payloadBytes;
  private ByteBuffer[] reads;
  private ByteArrayOutputStream out;
  private ByteBuffer copyTarget;
  private long received;
  private final Consumer<RawMessage> sink = m -> received += m.payload().length;

  @Setup(Level.Trial)
  public void setUp() {
    messages = new ArrayList<>();
    messages.add(
        new RawMessage(
            2,
            ChunkConstants.SET_CHUNK_SIZE,
            0,
            0,
            ByteBuffer.allocate(4).putInt(chunkSize).array()));
    messages.addAll(mediaMix(new Random(4_000_000), 10_000));
    payloadBytes = messages.stream().mapToLong(m -> m.payload().length).sum();
    out = new ByteArrayOutputStream((int) (payloadBytes * 2));
    byte[] wire = encodeAll();
    reads = new ByteBuffer[(wire.length + READ_SIZE - 1) / READ_SIZE];
    for (int i = 0; i < reads.length; i++) {
      int from = i * READ_SIZE;
      reads[i] = ByteBuffer.wrap(wire, from, Math.min(READ_SIZE, wire.length - from)).slice();
    }
    copyTarget = ByteBuffer.allocate((int) payloadBytes);
  }

  /** Video and audio frames of {@code millis} of media, in timestamp order. */
  static List<RawMessage> mediaMix(Random random, int millis) {
    List<RawMessage> mix = new ArrayList<>();
    int audioTime = 0;
    for (int frame = 0; frame * 1000 / 30 < millis; frame++) {
      int videoTime = frame * 1000 / 30;
      for (; audioTime <= videoTime; audioTime += 23) {
        mix.add(frame(random, 4, 8, audioTime, 200));
      }
      int size = frame % 60 == 0 ? 60_000 : 2_000 + random.nextInt(28_000);
      mix.add(frame(random, 6, 9, videoTime, size));
    }
    return mix;
  }

  private static RawMessage frame(
      Random random, int chunkStreamId, int type, long timestamp, int size) {
    byte[] payload = new byte[size];
    random.nextBytes(payload);
    return new RawMessage(chunkStreamId, type, 1, timestamp, payload);
  }

  private byte[] encodeAll() {
    out.reset();
    ChunkEncoder encoder = new ChunkEncoder();
    for (RawMessage m : messages) {
      encoder.encode(m, out);
      if (m.messageTypeId() == ChunkConstants.SET_CHUNK_SIZE) {
        encoder.setChunkSize(chunkSize);
      }
    }
    return out.toByteArray();
  }

  @Benchmark
  public long decode(ByteCounter counter) throws RtmpProtocolException {
    ChunkDecoder decoder = new ChunkDecoder(ChunkLimits.defaults());
    received = 0;
    for (ByteBuffer read : reads) {
      read.rewind();
      decoder.decode(read, sink);
    }
    counter.bytes += payloadBytes;
    return received;
  }

  @Benchmark
  public int encode(ByteCounter counter) {
    encodeAll();
    counter.bytes += payloadBytes;
    return out.size();
  }

  @Benchmark
  public int baselineCopy(ByteCounter counter) {
    copyTarget.clear();
    for (RawMessage m : messages) {
      copyTarget.put(m.payload());
    }
    counter.bytes += payloadBytes;
    return copyTarget.position();
  }
}
