package io.rtmpt.engine.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFileNamesTest {
  @Test
  void pathCharactersNeverReachTheFileName() {
    for (String hostile :
        List.of(
            "../../etc/passwd",
            "/etc/passwd",
            "..\\..\\windows\\system32",
            "cam\u0000.flv",
            "..",
            ".",
            ".hidden",
            "a/b/c",
            "C:\\temp\\x",
            "%2e%2e%2fx",
            "caméra ☃",
            "",
            "\n\r\t")) {
      String name = RecordFileNames.sanitise(hostile);
      assertFalse(name.isEmpty(), hostile);
      assertTrue(name.matches("[A-Za-z0-9_][A-Za-z0-9._-]*"), hostile + " -> " + name);
      assertFalse(name.contains(".."), hostile + " -> " + name);
    }
    assertEquals("_._etc_passwd", RecordFileNames.sanitise("../../etc/passwd"));
    assertEquals("cam1", RecordFileNames.sanitise("cam1"));
    assertEquals("stream", RecordFileNames.sanitise(""));
  }

  @Test
  void veryLongNamesAreCutAndStayDistinct() {
    String a = "a".repeat(5000);
    String b = "a".repeat(4999) + "b";
    String sa = RecordFileNames.sanitise(a);
    String sb = RecordFileNames.sanitise(b);
    assertEquals(RecordFileNames.MAX_LENGTH, sa.length());
    assertEquals(RecordFileNames.MAX_LENGTH, sb.length());
    assertNotEquals(sa, sb);
  }

  @Test
  void theFileNameCarriesTheStreamAndItsStartTimeInUtc() {
    assertEquals(
        "cam1-20261130-203005", RecordFileNames.of("cam1", Instant.parse("2026-11-30T20:30:05Z")));
  }
}
