package io.rtmpt.engine.vod;

import io.rtmpt.engine.live.MediaFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mp4parser.Box;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part1.objectdescriptors.AudioSpecificConfig;
import org.mp4parser.boxes.iso14496.part1.objectdescriptors.DecoderConfigDescriptor;
import org.mp4parser.boxes.iso14496.part12.ChunkOffsetBox;
import org.mp4parser.boxes.iso14496.part12.CompositionTimeToSample;
import org.mp4parser.boxes.iso14496.part12.EditListBox;
import org.mp4parser.boxes.iso14496.part12.MovieBox;
import org.mp4parser.boxes.iso14496.part12.SampleSizeBox;
import org.mp4parser.boxes.iso14496.part12.SampleTableBox;
import org.mp4parser.boxes.iso14496.part12.SyncSampleBox;
import org.mp4parser.boxes.iso14496.part12.TimeToSampleBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.boxes.iso14496.part14.ESDescriptorBox;
import org.mp4parser.boxes.iso14496.part15.AvcConfigurationBox;
import org.mp4parser.boxes.sampleentry.AudioSampleEntry;
import org.mp4parser.boxes.sampleentry.SampleEntry;
import org.mp4parser.boxes.sampleentry.VisualSampleEntry;
import org.mp4parser.tools.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MP4 (ISO/IEC 14496-12 and -14) file with H.264 and AAC tracks, demuxed into FLV tags: the
 * {@code moov} box, wherever it is in the file (front, "fast start", or end), is read into memory
 * and parsed with mp4parser's isoparser; the sample tables ({@code stsz}, {@code stco}/{@code
 * co64}, {@code stsc}, {@code stts}, {@code ctts}, {@code stss}, {@code elst}) give each sample's
 * offset, size, time and keyframe flag; the samples stay in the file.
 *
 * <p>Mapping (FLV 10.1 annex E): the AVC decoder configuration record ({@code avcC}) becomes the
 * video sequence header {@code 17 00 000000 avcC}; a video sample becomes {@code 17|27 01 CTS
 * NALUs} with CTS the composition offset ({@code ctts}) in ms, so B-frames keep their order; the
 * AAC AudioSpecificConfig from {@code esds} becomes {@code AF 00 ASC}; an AAC frame {@code AF 01
 * raw}. The edit list's first media time is taken off the track's timestamps (encoder delay).
 * Tracks of other codecs are skipped; a file with neither H.264 nor AAC is refused.
 */
final class Mp4Source extends MediaSource {
  private static final Logger LOG = LoggerFactory.getLogger(Mp4Source.class);

  /** A {@code moov} larger than this is refused rather than read into memory. */
  static final int MAX_MOOV_BYTES = 64 * 1024 * 1024;

  private Mp4Source(
      FileChannel channel,
      List<Sample> samples,
      List<MediaFrame> headers,
      Map<String, Object> metadata) {
    super(channel, samples, headers, metadata);
  }

  static Mp4Source read(FileChannel channel) throws IOException {
    MovieBox movie = readMovieBox(channel);
    List<Sample> samples = new ArrayList<>();
    List<MediaFrame> headers = new ArrayList<>();
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (TrackBox track : movie.getBoxes(TrackBox.class)) {
      SampleTableBox table = track.getSampleTableBox();
      SampleEntry entry = table == null ? null : table.getSampleDescriptionBox().getSampleEntry();
      if (entry instanceof VisualSampleEntry visual && avcC(visual) != null) {
        AvcConfigurationBox avcC = avcC(visual);
        ByteBuffer record = ByteBuffer.allocate((int) avcC.getContentSize() + 5);
        record.put(new byte[] {0x17, 0, 0, 0, 0});
        avcC.getContent(record);
        headers.add(0, MediaFrame.video(0, record.array()));
        metadata.put("width", (double) visual.getWidth());
        metadata.put("height", (double) visual.getHeight());
        metadata.put("videocodecid", 7.0);
        samples.addAll(samples(track, MediaFrame.Kind.VIDEO));
      } else if (entry instanceof AudioSampleEntry audio && audioSpecificConfig(audio) != null) {
        byte[] asc = audioSpecificConfig(audio);
        byte[] header = new byte[asc.length + 2];
        header[0] = (byte) 0xAF;
        System.arraycopy(asc, 0, header, 2, asc.length);
        headers.add(MediaFrame.audio(0, header));
        metadata.put("audiocodecid", 10.0);
        metadata.put("audiosamplerate", (double) audio.getSampleRate());
        metadata.put("audiochannels", (double) audio.getChannelCount());
        samples.addAll(samples(track, MediaFrame.Kind.AUDIO));
      } else {
        LOG.info("MP4 track {} skipped: neither H.264 nor AAC ({})", trackId(track), entry);
      }
    }
    if (headers.isEmpty()) {
      throw new IOException("MP4 file has no H.264 or AAC track");
    }
    samples.sort(Comparator.comparingLong(Sample::timestamp)); // stable: tracks keep their order
    return new Mp4Source(channel, samples, headers, metadata);
  }

  /** Finds the top-level {@code moov} box and parses it alone (the media data stays on disk). */
  private static MovieBox readMovieBox(FileChannel channel) throws IOException {
    long size = channel.size();
    long position = 0;
    ByteBuffer header = ByteBuffer.allocate(16);
    while (position + 8 <= size) {
      header.clear();
      channel.read(header, position);
      long boxSize = header.getInt(0) & 0xFFFFFFFFL;
      String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
      if (boxSize == 1) {
        boxSize = header.getLong(8);
      } else if (boxSize == 0) {
        boxSize = size - position;
      }
      if (boxSize < 8) {
        throw new IOException(
            "MP4 box '" + type + "' at offset " + position + " has size " + boxSize);
      }
      if (type.equals("moov")) {
        if (boxSize > MAX_MOOV_BYTES || position + boxSize > size) {
          throw new IOException("MP4 moov box of " + boxSize + " bytes is too large or truncated");
        }
        ByteBuffer moov = ByteBuffer.allocate((int) boxSize);
        while (moov.hasRemaining()) {
          if (channel.read(moov, position + moov.position()) < 0) {
            throw new IOException("MP4 file ends inside moov");
          }
        }
        IsoFile iso = new IsoFile(Channels.newChannel(new ByteArrayInputStream(moov.array())));
        MovieBox movie = iso.getMovieBox();
        if (movie == null) {
          throw new IOException("MP4 moov box could not be parsed");
        }
        return movie;
      }
      position += boxSize;
    }
    throw new IOException("not an MP4 file (no moov box)");
  }

  private static AvcConfigurationBox avcC(VisualSampleEntry visual) {
    List<AvcConfigurationBox> boxes = visual.getBoxes(AvcConfigurationBox.class);
    return boxes.isEmpty() ? null : boxes.get(0);
  }

  private static byte[] audioSpecificConfig(AudioSampleEntry audio) {
    List<ESDescriptorBox> boxes = audio.getBoxes(ESDescriptorBox.class);
    if (boxes.isEmpty() || boxes.get(0).getEsDescriptor() == null) {
      return null;
    }
    DecoderConfigDescriptor config = boxes.get(0).getEsDescriptor().getDecoderConfigDescriptor();
    if (config == null || config.getObjectTypeIndication() != 0x40) { // 0x40: MPEG-4 audio (AAC)
      return null;
    }
    AudioSpecificConfig asc = config.getAudioSpecificInfo();
    return asc == null ? null : asc.getConfigBytes();
  }

  /** The track's samples in decoding order, with offsets, sizes and times in ms. */
  private static List<Sample> samples(TrackBox track, MediaFrame.Kind kind) throws IOException {
    SampleTableBox table = track.getSampleTableBox();
    long timescale = track.getMediaBox().getMediaHeaderBox().getTimescale();
    SampleSizeBox stsz = table.getSampleSizeBox();
    long[] offsets = chunkOffsets(table);
    long[] perChunk = table.getSampleToChunkBox().blowup(offsets.length);
    long[] deltas = TimeToSampleBox.blowupTimeToSamples(table.getTimeToSampleBox().getEntries());
    CompositionTimeToSample ctts = table.getCompositionTimeToSample();
    int[] compositions =
        ctts == null ? null : CompositionTimeToSample.blowupCompositionTimes(ctts.getEntries());
    SyncSampleBox stss = table.getSyncSampleBox();
    long[] sync = stss == null ? null : stss.getSampleNumber();
    long shift = editShift(track);
    int count = (int) stsz.getSampleCount();
    List<Sample> out = new ArrayList<>(count);
    int sample = 0;
    int syncIndex = 0;
    long decodingTime = 0;
    for (int chunk = 0; chunk < offsets.length && sample < count; chunk++) {
      long offset = offsets[chunk];
      for (long i = 0; i < perChunk[chunk] && sample < count; i++, sample++) {
        int size =
            (int)
                (stsz.getSampleSize() > 0
                    ? stsz.getSampleSize()
                    : stsz.getSampleSizeAtIndex(sample));
        boolean keyframe;
        if (sync == null) {
          keyframe = true;
        } else {
          while (syncIndex < sync.length && sync[syncIndex] < sample + 1) {
            syncIndex++;
          }
          keyframe = syncIndex < sync.length && sync[syncIndex] == sample + 1;
        }
        long millis = Math.max(0, (decodingTime - shift) * 1000 / timescale);
        int composition =
            compositions == null || sample >= compositions.length
                ? 0
                : (int) (compositions[sample] * 1000L / timescale);
        out.add(
            new Sample(
                kind,
                millis,
                kind == MediaFrame.Kind.VIDEO && keyframe,
                offset,
                size,
                composition));
        offset += size;
        decodingTime += sample < deltas.length ? deltas[sample] : 0;
      }
    }
    if (sample < count) {
      throw new IOException("MP4 track " + trackId(track) + ": sample tables disagree");
    }
    return out;
  }

  private static long[] chunkOffsets(SampleTableBox table) throws IOException {
    for (Box box : table.getBoxes()) {
      if (box instanceof ChunkOffsetBox offsets) {
        return offsets.getChunkOffsets();
      }
    }
    throw new IOException("MP4 track without chunk offsets (stco/co64)");
  }

  /** The media time the edit list starts the track at (encoder delay), in media units. */
  private static long editShift(TrackBox track) {
    Box box = Path.getPath(track, "edts/elst");
    if (box instanceof EditListBox elst) {
      for (EditListBox.Entry e : elst.getEntries()) {
        if (e.getMediaTime() >= 0) {
          return e.getMediaTime();
        }
      }
    }
    return 0;
  }

  private static long trackId(TrackBox track) {
    return track.getTrackHeaderBox() == null ? -1 : track.getTrackHeaderBox().getTrackId();
  }

  @Override
  int prefixLength(Sample sample) {
    return sample.kind() == MediaFrame.Kind.VIDEO ? 5 : 2;
  }

  @Override
  void writePrefix(Sample sample, ByteBuffer body) {
    if (sample.kind() == MediaFrame.Kind.VIDEO) {
      int cts = sample.compositionTime();
      body.put((byte) (sample.keyframe() ? 0x17 : 0x27)).put((byte) 1);
      body.put((byte) (cts >> 16)).put((byte) (cts >> 8)).put((byte) cts);
    } else {
      body.put((byte) 0xAF).put((byte) 1);
    }
  }
}
