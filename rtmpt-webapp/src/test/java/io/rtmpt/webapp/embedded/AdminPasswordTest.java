package io.rtmpt.webapp.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordTest {
  @TempDir Path dir;

  @Test
  void firstStartGeneratesAPasswordAndStoresOnlyItsHashForTheOwner() throws Exception {
    Path data = dir.resolve("state");
    AdminPassword first = AdminPassword.resolve(null, data);
    String password = first.generated();
    assertTrue(password != null && password.length() >= 20, String.valueOf(password));
    Path file = data.resolve(AdminPassword.FILE);
    assertEquals(file, first.file());
    String stored = Files.readString(file, StandardCharsets.UTF_8);
    assertFalse(stored.contains(password), "the password itself is not stored");
    assertTrue(stored.contains("password=pbkdf2-sha256$" + AdminPassword.ITERATIONS + "$"), stored);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    assertTrue(first.matches(password.toCharArray()));
    assertFalse(first.matches((password + "x").toCharArray()));
    assertFalse(first.matches(new char[0]));
  }

  @Test
  void laterStartsReuseTheStoredHashWithoutAPasswordToPrint() throws Exception {
    AdminPassword first = AdminPassword.resolve(null, dir);
    AdminPassword second = AdminPassword.resolve(null, dir);
    assertNull(second.generated(), "nothing to print");
    assertEquals(first.hash(), second.hash());
    assertTrue(second.matches(first.generated().toCharArray()));
  }

  @Test
  void aGivenPasswordWinsAndIsNotStored() throws Exception {
    AdminPassword given = AdminPassword.resolve("correct horse battery", dir);
    assertNull(given.generated());
    assertNull(given.file());
    assertTrue(given.matches("correct horse battery".toCharArray()));
    assertFalse(given.matches("correct horse".toCharArray()));
    assertFalse(Files.exists(dir.resolve(AdminPassword.FILE)));
    assertThrows(IllegalArgumentException.class, () -> AdminPassword.resolve("short", dir));
  }

  @Test
  void hashesAreSaltedAndAStateFileWithoutAHashIsRefused() throws Exception {
    assertNotEquals(
        AdminPassword.hash("same".toCharArray()), AdminPassword.hash("same".toCharArray()));
    Files.writeString(dir.resolve(AdminPassword.FILE), "password=plain\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdminPassword.resolve(null, dir));
    assertTrue(e.getMessage().contains("holds no password hash"), e.getMessage());
  }
}
