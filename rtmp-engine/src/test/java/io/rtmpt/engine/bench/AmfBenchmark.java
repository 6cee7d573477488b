package io.rtmpt.engine.bench;

import io.rtmpt.engine.amf.Amf0Reader;
import io.rtmpt.engine.amf.Amf0Writer;
import io.rtmpt.engine.amf.Amf3Reader;
import io.rtmpt.engine.amf.Amf3Writer;
import io.rtmpt.engine.amf.AmfEcmaArray;
import io.rtmpt.engine.amf.AmfException;
import io.rtmpt.engine.amf.AmfObject;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * AMF decoding throughput on what an RTMP server reads most: ffmpeg's {@code connect} command and
 * its {@code @setDataFrame onMetaData} data message, as AMF0 (what ffmpeg sends) and the same
 * values as AMF3.
 *
 * <p>Each benchmark adds the bytes it consumed to the {@code bytes} auxiliary counter, which JMH
 * reports as a rate next to the operations: bytes per second, so MB/s = bytes/s / 10^6. Two
 * baselines run on the AMF0 payload in the same run, so that a ratio can be reported: {@link
 * #baselineCopy} (a plain copy of the bytes: the memory-bandwidth ceiling) and {@link
 * #baselineDataInputScan} (a DataInputStream walk that reads every marker, double and string of the
 * payload but builds no values: roughly the least work a decoder must do).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AmfBenchmark {
  private byte[] amf0Payload;
  private byte[] amf3Payload;
  private ByteBuffer copyTarget;

  /** Bytes consumed; JMH reports it per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      bytes = 0;
    }
  }

  @Setup
  public void setUp() {
    Object[] values = {
      "connect",
      1.0,
      AmfObject.of(
          "app", "live",
          "type", "nonprivate",
          "flashVer", "FMLE/3.0 (compatible; FMSc/1.0)",
          "tcUrl", "rtmp://127.0.0.1:1935/live"),
      "@setDataFrame",
      "onMetaData",
      AmfEcmaArray.of(
          "duration", 0.0,
          "width", 1280.0,
          "height", 720.0,
          "videodatarate", 2500.0,
          "framerate", 30.0,
          "videocodecid", 7.0,
          "audiodatarate", 128.0,
          "audiosamplerate", 44100.0,
          "audiosamplesize", 16.0,
          "stereo", true,
          "audiocodecid", 10.0,
          "encoder", "Lavf60.16.100",
          "filesize", 0.0),
    };
    amf0Payload = new Amf0Writer().writeAll(values).toByteArray();
    amf3Payload = new Amf3Writer().writeAll(values).toByteArray();
    copyTarget = ByteBuffer.allocate(amf0Payload.length);
  }

  @Benchmark
  public List<Object> amf0Decode(Bytes counter) throws AmfException {
    counter.bytes += amf0Payload.length;
    return new Amf0Reader(ByteBuffer.wrap(amf0Payload)).readAll();
  }

  @Benchmark
  public List<Object> amf3Decode(Bytes counter) throws AmfException {
    counter.bytes += amf3Payload.length;
    return new Amf3Reader(ByteBuffer.wrap(amf3Payload)).readAll();
  }

  @Benchmark
  public ByteBuffer baselineCopy(Bytes counter) {
    counter.bytes += amf0Payload.length;
    copyTarget.clear();
    return copyTarget.put(amf0Payload);
  }

  @Benchmark
  public double baselineDataInputScan(Bytes counter) throws IOException {
    counter.bytes += amf0Payload.length;
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(amf0Payload));
    double sum = 0;
    while (in.available() > 0) {
      sum += scanValue(in);
    }
    return sum;
  }

  /**
   * Reads one AMF0 value of the kinds in the payload (number, boolean, string, object, ECMA array):
   * AMF0 strings of ASCII text are DataInput's modified UTF-8, a U16 length and the bytes.
   */
  private static double scanValue(DataInputStream in) throws IOException {
    int marker = in.readUnsignedByte();
    return switch (marker) {
      case 0x00 -> in.readDouble();
      case 0x01 -> in.readUnsignedByte();
      case 0x02 -> in.readUTF().length();
      case 0x08 -> {
        in.readInt(); // ECMA array count; members follow as for an object
        yield scanMembers(in);
      }
      case 0x03 -> scanMembers(in);
      default -> throw new IOException("marker " + marker + " is not in the benchmark payload");
    };
  }

  private static double scanMembers(DataInputStream in) throws IOException {
    double sum = 0;
    for (String key = in.readUTF(); !key.isEmpty(); key = in.readUTF()) {
      sum += key.length() + scanValue(in);
    }
    in.readUnsignedByte(); // object end
    return sum;
  }
}
