package io.rtmpt.engine.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FMS naming convention, and what is refused before any file is looked at. */
class MediaDirectoryTest {
  @TempDir Path temp;
  private Path root;
  private MediaDirectory directory;

  @BeforeEach
  void files() throws Exception {
    root = Files.createDirectories(temp.resolve("media"));
    Files.writeString(root.resolve("clip.flv"), "x");
    Files.writeString(root.resolve("talk.mp4"), "x");
    Files.writeString(root.resolve("both.flv"), "x");
    Files.writeString(root.resolve("both.mp4"), "x");
    Files.createDirectories(root.resolve("2024"));
    Files.writeString(root.resolve("2024/keynote.mp4"), "x");
    Files.writeString(temp.resolve("outside.flv"), "x");
    directory = new MediaDirectory(root);
  }

  private Path real(String name) throws Exception {
    return root.resolve(name).toRealPath();
  }

  @Test
  void namesFollowTheFmsConvention() throws Exception {
    assertEquals(real("clip.flv"), directory.resolve("clip"));
    assertEquals(real("clip.flv"), directory.resolve("clip.flv"));
    assertEquals(real("clip.flv"), directory.resolve("flv:clip"));
    assertEquals(real("clip.flv"), directory.resolve("FLV:clip.flv"));
    assertEquals(real("talk.mp4"), directory.resolve("mp4:talk.mp4"));
    assertEquals(real("talk.mp4"), directory.resolve("mp4:talk"));
    assertEquals(real("talk.mp4"), directory.resolve("talk"));
    assertEquals(real("talk.mp4"), directory.resolve("talk.mp4"));
    assertEquals(real("both.flv"), directory.resolve("both"), "FLV first, as FMS does");
    assertEquals(real("2024/keynote.mp4"), directory.resolve("mp4:2024/keynote.mp4"));
  }

  @Test
  void namesThatCouldLeaveTheDirectoryAreRefusedWithTheReason() {
    assertRefused("../outside", "'..' segment in name");
    assertRefused("2024/../../outside.flv", "'..' segment in name");
    assertRefused("/etc/passwd", "absolute path");
    assertRefused("..%2foutside", "'%' in name");
    assertRefused("..\\outside", "'\\' in name");
    assertRefused("mp4:C:/x.mp4", "':' in name");
    assertRefused("clip\u0000.flv", "control character in name");
    assertRefused("./clip", "'.' segment in name");
    assertRefused("2024//keynote.mp4", "'' segment in name");
    assertRefused("", "empty name");
    assertRefused("mp4:", "empty name");
    assertRefused("a".repeat(1025), "name longer than 1024 characters");
    assertRefused("a".repeat(256), "name segment longer than 255");
    assertRefused("nothing", "no file nothing.flv or nothing.mp4");
  }

  @Test
  void aLinkOutOfTheDirectoryIsRefusedAndOneInsideIsFollowed() throws Exception {
    Files.createSymbolicLink(root.resolve("out.flv"), temp.resolve("outside.flv"));
    Files.createSymbolicLink(root.resolve("alias.flv"), root.resolve("clip.flv"));
    assertRefused("out", "file is a link out of the media directory");
    assertEquals(real("clip.flv"), directory.resolve("alias"));
  }

  private void assertRefused(String name, String reason) {
    FileNotFoundException e =
        assertThrows(FileNotFoundException.class, () -> directory.resolve(name), name);
    assertEquals(reason, e.getMessage(), name);
  }
}
