package io.rtmpt.engine.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fan-out and the late-joiner cache of one stream, through its registry. */
class LiveStreamTest {
  private static final StreamKey KEY = new StreamKey("live", "cam");

  /** Records what a subscriber is told, one line per event. */
  private static final class Recorder implements Subscriber {
    final List<String> events = new ArrayList<>();
    private LiveStream stream;

    @Override
    public void onPublish(StreamKey key) {
      events.add("publish " + key);
    }

    @Override
    public void onUnpublish(StreamKey key) {
      events.add("unpublish " + key);
    }

    @Override
    public void onFrame(MediaFrame frame) {
      events.add(name(frame));
    }

    @Override
    public void wakeUp() {
      assertFalse(stream != null && stream.lock().isHeldByCurrentThread(), "woken without lock");
      events.add("wake");
    }

    List<String> frames() {
      return events.stream().filter(e -> !e.equals("wake") && !e.startsWith("publish")).toList();
    }
  }

  private static final Publisher PUBLISHER = publisher("test publisher");
  private static final Publisher SUCCESSOR = publisher("successor");

  private static Publisher publisher(String name) {
    return new Publisher() {
      @Override
      public String describe() {
        return name;
      }

      @Override
      public void stop(String reason) {}
    };
  }

  /** A frame whose name is its first payload byte's meaning plus its size, e.g. "key:100". */
  private static String name(MediaFrame f) {
    String kind =
        switch (f.kind()) {
          case DATA -> "meta";
          case AUDIO -> f.sequenceHeader() ? "aac-header" : "aac";
          case VIDEO -> f.sequenceHeader() ? "avc-header" : f.keyframe() ? "key" : "inter";
        };
    return kind + ":" + f.payload().length;
  }

  private static MediaFrame key(int size) {
    return MediaFrame.video(0, body(size, 0x17, 1));
  }

  private static MediaFrame inter(int size) {
    return MediaFrame.video(0, body(size, 0x27, 1));
  }

  private static MediaFrame aac(int size) {
    return MediaFrame.audio(0, body(size, 0xAF, 1));
  }

  private static byte[] body(int size, int first, int second) {
    byte[] b = new byte[size];
    b[0] = (byte) first;
    b[1] = (byte) second;
    return b;
  }

  private static final MediaFrame AVC_HEADER = MediaFrame.video(0, body(40, 0x17, 0));
  private static final MediaFrame AAC_HEADER = MediaFrame.audio(0, body(4, 0xAF, 0));
  private static final MediaFrame METADATA = MediaFrame.data(0, body(30, 2, 0));

  private final StreamRegistry registry = new StreamRegistry(1000);

  private LiveStream publish() {
    LiveStream stream = registry.publish(KEY, PUBLISHER, 0);
    assertNotNull(stream);
    return stream;
  }

  private Recorder join() {
    Recorder r = new Recorder();
    r.stream = registry.subscribe(KEY, r);
    return r;
  }

  @Test
  void aLateJoinerGetsMetadataThenVideoHeaderThenAudioHeaderThenTheGroupOfPictures() {
    LiveStream stream = publish();
    stream.onFrame(PUBLISHER, AAC_HEADER); // headers in any publish order
    stream.onFrame(PUBLISHER, key(100));
    stream.onFrame(PUBLISHER, AVC_HEADER);
    stream.onMetadata(PUBLISHER, METADATA, Map.of("width", 640.0));
    stream.onFrame(PUBLISHER, inter(50));
    stream.onFrame(PUBLISHER, key(101)); // a new group of pictures starts here
    stream.onFrame(PUBLISHER, aac(20));
    stream.onFrame(PUBLISHER, inter(51));

    Recorder late = join();
    assertEquals(
        List.of(
            "publish live/cam",
            "meta:30",
            "avc-header:40",
            "aac-header:4",
            "key:101",
            "aac:20",
            "inter:51",
            "wake"),
        late.events);
    assertEquals(3, stream.snapshot().cachedFrames());
    assertEquals(640.0, stream.snapshot().width());
  }

  @Test
  void subscribersGetEveryLaterFrameInPublishOrderAndAreWokenAfterwards() {
    LiveStream stream = publish();
    Recorder early = join();
    stream.onFrame(PUBLISHER, key(10));
    stream.onFrame(PUBLISHER, aac(11));
    assertEquals(
        List.of("publish live/cam", "wake", "key:10", "wake", "aac:11", "wake"), early.events);
  }

  @Test
  void aGroupOfPicturesOverTheBoundIsDroppedWholeUntilTheNextKeyframe() {
    LiveStream stream = publish();
    stream.onFrame(PUBLISHER, AVC_HEADER);
    stream.onFrame(PUBLISHER, key(400));
    stream.onFrame(PUBLISHER, inter(400));
    stream.onFrame(PUBLISHER, inter(400)); // 1200 > 1000: the whole group goes
    stream.onFrame(PUBLISHER, inter(10)); // no keyframe to decode it from: not cached either
    assertEquals(List.of("avc-header:40"), join().frames());

    stream.onFrame(PUBLISHER, key(900)); // caching resumes
    stream.onFrame(PUBLISHER, inter(100)); // exactly at the bound: kept
    assertEquals(List.of("avc-header:40", "key:900", "inter:100"), join().frames());
  }

  @Test
  void audioBeforeTheFirstKeyframeIsNotCached() {
    LiveStream stream = publish();
    stream.onFrame(PUBLISHER, AAC_HEADER);
    stream.onFrame(PUBLISHER, aac(10));
    assertEquals(List.of("aac-header:4"), join().frames());
  }

  @Test
  void aPublisherLeavingEmptiesTheCacheAndSubscribersWaitForTheNext() {
    LiveStream stream = publish();
    stream.onFrame(PUBLISHER, AVC_HEADER);
    stream.onFrame(PUBLISHER, key(100));
    Recorder staying = join();
    registry.unpublish(stream, PUBLISHER);
    assertEquals("unpublish live/cam", staying.events.get(staying.events.size() - 2));
    assertEquals(0, stream.snapshot().cachedFrames());
    assertEquals(null, stream.snapshot().videoCodec());

    LiveStream again = publish();
    assertEquals(stream, again, "the stream lived on through its subscriber");
    Recorder late = join();
    assertEquals(List.of("publish live/cam", "wake"), late.events, "nothing cached from before");
  }

  @Test
  void aTakeOverHandsTheNameToTheSuccessorAndDropsWhatTheOldPublisherStillSends() {
    LiveStream stream = publish();
    stream.onFrame(PUBLISHER, AVC_HEADER);
    stream.onFrame(PUBLISHER, key(100));
    Recorder player = join();
    player.events.clear();

    assertEquals(stream, registry.takeOver(KEY, PUBLISHER, SUCCESSOR, 5));
    assertEquals(SUCCESSOR, stream.publisher());
    stream.onFrame(PUBLISHER, key(7)); // the old one is still delivering: dropped
    stream.onMetadata(PUBLISHER, METADATA, Map.of("width", 1.0));
    stream.onFrame(SUCCESSOR, key(200));

    assertEquals(
        List.of("unpublish live/cam", "publish live/cam", "wake", "key:200", "wake"),
        player.events);
    assertEquals(0.0, stream.snapshot().width());
    assertEquals(List.of("key:200"), join().frames(), "the cache holds the successor's frames");
  }

  @Test
  void aTakeOverOfANameSomeoneElsePublishesChangesNothing() {
    LiveStream stream = publish();
    Publisher third = publisher("third");
    assertEquals(null, registry.takeOver(KEY, third, SUCCESSOR, 5));
    assertEquals(PUBLISHER, stream.publisher());
  }

  @Test
  void aTakeOverOfANameNobodyPublishesAnyMoreSimplyPublishes() {
    LiveStream stream = publish();
    Recorder player = join();
    registry.unpublish(stream, PUBLISHER);
    assertEquals(stream, registry.takeOver(KEY, PUBLISHER, SUCCESSOR, 5));
    assertEquals(SUCCESSOR, stream.publisher());
    assertEquals("publish live/cam", player.events.get(player.events.size() - 2));
  }
}
