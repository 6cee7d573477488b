package io.rtmpt.engine.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.DataMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.message.RtmpMessage;
import io.rtmpt.engine.message.UserControl;
import io.rtmpt.engine.server.RtmpServer;
import io.rtmpt.engine.testing.RtmpScript;
import io.rtmpt.engine.testing.SocketLink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files played over a real TCP listener to the scripted client: the message sequence Flash clients
 * expect (nginx-rtmp's play module and Red5 send the same), seek, pause, getStreamLength, and
 * hostile names refused without a byte of what lies outside the media directory.
 */
class VodPlaybackIntegrationTest {
  private static final String MARKER = "clip-marker";
  private static final String CANARY = "CANARY-7f3d9a";
  private static final int FPS = 25;

  @TempDir Path temp;
  private Path media;
  private RtmpServer server;
  private final List<RtmpScript<SocketLink>> clients = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    media = Files.createDirectories(temp.resolve("media"));
    TestFlv.write(media.resolve("clip.flv"), 2, FPS, FPS, MARKER);
    TestFlv.write(media.resolve("long.flv"), 4, FPS, FPS / 2, MARKER);
    RtmpEngine engine =
        new RtmpEngine(EngineConfig.builder().vodDirectories(Map.of("vod", media)).build());
    server = new RtmpServer(engine, "127.0.0.1", 0).start();
  }

  @AfterEach
  void stop() throws IOException {
    for (RtmpScript<SocketLink> c : clients) {
      c.close();
    }
    server.close();
  }

  private RtmpScript<SocketLink> client() throws IOException {
    RtmpScript<SocketLink> c = RtmpScript.start(SocketLink.connect("127.0.0.1", server.port()));
    clients.add(c);
    assertEquals("_result", c.connectApp("vod").name());
    return c;
  }

  @Test
  void aFilePlaysFromStartToEndWithTheMessagesFlashExpects() throws Exception {
    RtmpScript<SocketLink> c = client();
    int stream = c.createStream();
    c.invoke(stream, "play", null, "clip", -2.0, -1.0, true);
    c.awaitStatus("NetStream.Play.Stop");

    List<String> events = new ArrayList<>();
    int video = 0;
    int audio = 0;
    for (RawMessage raw : c.history()) {
      RtmpMessage m = MessageCodec.decode(raw);
      switch (raw.messageTypeId()) {
        case 8 -> audio++;
        case 9 -> video++;
        default -> {
          String e = describe(m);
          if (e != null) {
            events.add(e);
          }
        }
      }
    }
    assertEquals(
        List.of(
            "StreamBegin",
            "NetStream.Play.Reset",
            "NetStream.Play.Start",
            "StreamIsRecorded",
            "|RtmpSampleAccess",
            "onMetaData",
            "StreamEOF",
            "onPlayStatus NetStream.Play.Complete",
            "NetStream.Play.Stop"),
        events);
    assertEquals(TestFlv.videoFrames(2, FPS) + 1, video, "every video frame and the header");
    assertTrue(audio > 80, "audio frames: " + audio);
    RawMessage firstVideo = first(c.history(), 9);
    assertEquals(0x17, firstVideo.payload()[0]);
    assertEquals(0, firstVideo.payload()[1], "the AVC sequence header comes first");
  }

  @Test
  void seekPauseAndUnpauseAnswerAsFlashClientsExpect() throws Exception {
    RtmpScript<SocketLink> c = client();
    int stream = c.createStream();
    c.play(stream, "long");
    awaitVideo(c); // the file is open and playing
    c.invoke(stream, "seek", null, 2100.0);
    c.awaitStatus("NetStream.Seek.Notify");
    c.awaitStatus("NetStream.Play.Start");
    c.invoke(stream, "pause", null, true, 2500.0);
    c.awaitStatus("NetStream.Pause.Notify");
    c.invoke(stream, "pause", null, false, 2500.0);
    c.awaitStatus("NetStream.Unpause.Notify");
    c.awaitStatus("NetStream.Play.Stop");

    List<RawMessage> history = c.history();
    int seek = indexOfStatus(history, "NetStream.Seek.Notify");
    List<String> afterSeek = new ArrayList<>();
    for (RawMessage raw : history.subList(seek - 1, history.size())) {
      String e = describe(MessageCodec.decode(raw));
      if (e != null) {
        afterSeek.add(e);
      }
    }
    assertEquals(
        List.of(
            "StreamEOF",
            "NetStream.Seek.Notify",
            "StreamBegin",
            "NetStream.Play.Start",
            "onMetaData",
            "NetStream.Pause.Notify",
            "NetStream.Unpause.Notify",
            "StreamEOF",
            "onPlayStatus NetStream.Play.Complete",
            "NetStream.Play.Stop"),
        afterSeek);
    // after the seek: the sequence header, then the keyframe at or before 2100 ms (one every 480)
    List<RawMessage> videoAfterSeek =
        history.subList(seek, history.size()).stream().filter(m -> m.messageTypeId() == 9).toList();
    assertEquals(0, videoAfterSeek.get(0).payload()[1], "sequence header again");
    RawMessage keyframe = videoAfterSeek.get(1);
    assertEquals(0x17, keyframe.payload()[0]);
    assertEquals(1920, keyframe.timestamp());
  }

  @Test
  void playStartsAtTheKeyframeBeforeTheStartArgument() throws Exception {
    RtmpScript<SocketLink> c = client();
    int stream = c.createStream();
    c.invoke(stream, "play", null, "long", 3000.0, -1.0, true);
    c.awaitStatus("NetStream.Play.Stop");
    List<RawMessage> video = c.history().stream().filter(m -> m.messageTypeId() == 9).toList();
    assertEquals(2880, video.get(1).timestamp(), "keyframe at or before 3000 ms");
    assertEquals(1 + (4 * FPS - 72), video.size(), "header and the frames from 2880 ms on");
  }

  @Test
  void getStreamLengthAnswersTheDuration() throws Exception {
    RtmpScript<SocketLink> c = client();
    CommandMessage result = c.call(0, "getStreamLength", null, "clip");
    assertEquals("_result", result.name());
    double seconds = ((Number) result.argument(0)).doubleValue();
    assertTrue(seconds > 1.9 && seconds <= 2.0, "duration " + seconds);
    CommandMessage missing = c.call(0, "getStreamLength", null, "../etc/passwd");
    assertEquals(0.0, ((Number) missing.argument(0)).doubleValue());
  }

  @Test
  void aMissingOrUnreadableFileEndsThePlayWithoutAHang() throws Exception {
    Files.write(media.resolve("broken.flv"), "FLV garbage".getBytes(StandardCharsets.US_ASCII));
    RtmpScript<SocketLink> c = client();
    int stream = c.createStream();
    c.invoke(stream, "play", null, "nothing-here", -2.0, -1.0, true);
    assertEquals("error", level(c.awaitStatus("NetStream.Play.StreamNotFound")));
    c.invoke(stream, "play", null, "broken", -2.0, -1.0, true);
    c.awaitStatus("NetStream.Play.Start");
    assertEquals("error", level(c.awaitStatus("NetStream.Play.Failed")));
    c.awaitStatus("NetStream.Play.Stop");
  }

  @Test
  void hostileNamesAreRefusedAndNothingOutsideTheDirectoryIsSent() throws Exception {
    Path secret = TestFlv.write(temp.resolve("secret.flv"), 1, FPS, FPS, CANARY);
    Files.createDirectories(media.resolve("sub"));
    Files.createSymbolicLink(media.resolve("link.flv"), secret);
    Files.createSymbolicLink(media.resolve("sub/up"), temp);
    List<String> names =
        List.of(
            "../secret",
            "../secret.flv",
            "flv:../secret",
            "mp4:../secret.flv",
            "sub/../../secret",
            "sub/up/secret",
            secret.toString(),
            "/" + secret,
            "..%2fsecret",
            "%2e%2e/secret",
            "..%5csecret",
            "..\\secret",
            "sub\\..\\..\\secret",
            "link",
            "link.flv",
            "flv:link",
            "clip\u0000/../../secret",
            "../secret\u0000.flv",
            "file:" + secret,
            "x".repeat(5000),
            "sub/" + "y".repeat(300),
            "secret");
    RtmpScript<SocketLink> c = client();
    int stream = c.createStream();
    for (String name : names) {
      c.invoke(stream, "play", null, name, -2.0, -1.0, true);
      CommandMessage status = c.awaitCommand(m -> m.name().equals("onStatus"));
      assertEquals("NetStream.Play.StreamNotFound", RtmpScript.statusCode(status), name);
    }
    assertEquals(List.of(), RtmpScript.statusCodes(c.receiveMessages()), "nothing but refusals");
    assertEquals(0, c.count(8) + c.count(9), "no media sent");
    byte[] canary = CANARY.getBytes(StandardCharsets.US_ASCII);
    for (RawMessage m : c.history()) {
      assertFalse(contains(m.payload(), canary), "canary bytes sent in " + m);
    }
    // the directory itself is served: the same client plays a file inside it
    c.play(stream, "clip");
  }

  private static String describe(RtmpMessage m) {
    if (m instanceof UserControl u) {
      return switch (u.eventType()) {
        case UserControl.STREAM_BEGIN -> "StreamBegin";
        case UserControl.STREAM_EOF -> "StreamEOF";
        case UserControl.STREAM_IS_RECORDED -> "StreamIsRecorded";
        default -> null;
      };
    }
    if (m instanceof CommandMessage c && c.name().equals("onStatus")) {
      return RtmpScript.statusCode(c);
    }
    if (m instanceof DataMessage d) {
      if ("onPlayStatus".equals(d.name()) && d.values().get(1) instanceof Map<?, ?> info) {
        return "onPlayStatus " + info.get("code");
      }
      return d.name();
    }
    return null;
  }

  private static void awaitVideo(RtmpScript<SocketLink> c) throws IOException {
    while (true) {
      RawMessage m = c.next(RtmpScript.DEFAULT_TIMEOUT);
      if (m == null) {
        throw new AssertionError("no video within " + RtmpScript.DEFAULT_TIMEOUT);
      }
      if (m.messageTypeId() == 9) {
        return;
      }
    }
  }

  private static String level(CommandMessage status) {
    return String.valueOf(((Map<?, ?>) status.argument(0)).get("level"));
  }

  private static int indexOfStatus(List<RawMessage> history, String code) throws IOException {
    for (int i = 0; i < history.size(); i++) {
      if (MessageCodec.decode(history.get(i)) instanceof CommandMessage c
          && code.equals(RtmpScript.statusCode(c))) {
        return i;
      }
    }
    throw new AssertionError("no " + code);
  }

  private static RawMessage first(List<RawMessage> history, int type) {
    return history.stream().filter(m -> m.messageTypeId() == type).findFirst().orElseThrow();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
