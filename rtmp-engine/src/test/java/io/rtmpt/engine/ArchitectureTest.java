package io.rtmpt.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's package graph, checked on the compiled main classes (tests excluded), so that a
 * change that adds a cycle or reaches up a layer fails the build (issue #8). Bottom-up:
 *
 * <pre>
 *   protocol                     the wire-violation exception, the big-endian helpers
 *   crypto                       RTMPE's RC4 transport cipher
 *   amf, chunk, handshake        the codecs: they stand alone (handshake also derives RTMPE keys)
 *   message                      typed messages over the codecs
 *   command                      NetConnection/NetStream commands over messages
 *   monitor, live                rates; the live fan-out, beside the protocol packages
 *   vod, record                  files: played to NetStreams, written from live streams
 *   session                      the sans-IO server session
 *   root                         RtmpEngine, EngineConfig, EngineListener
 *   server                       the Netty transports (TCP, TLS)
 * </pre>
 *
 * A package may use only the packages listed for it below (and the JDK and libraries).
 */
class ArchitectureTest {
  private static final String ROOT = "io.rtmpt.engine";

  /** Package (relative to the root, "" for the root) -> the packages of ours it may use. */
  private static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("protocol", List.of());
    ALLOWED.put("crypto", List.of("protocol"));
    ALLOWED.put("amf", List.of("protocol"));
    ALLOWED.put("chunk", List.of("protocol"));
    ALLOWED.put("handshake", List.of("protocol", "crypto"));
    ALLOWED.put("message", List.of("protocol", "amf", "chunk"));
    ALLOWED.put("command", List.of("protocol", "amf", "message"));
    ALLOWED.put("monitor", List.of());
    ALLOWED.put("live", List.of("message", "monitor"));
    ALLOWED.put("vod", List.of("amf", "live"));
    ALLOWED.put("record", List.of("amf", "live", "vod"));
    ALLOWED.put(
        "session",
        List.of(
            "protocol",
            "crypto",
            "amf",
            "chunk",
            "handshake",
            "message",
            "command",
            "monitor",
            "live",
            "vod"));
    ALLOWED.put(
        "",
        List.of(
            "protocol",
            "crypto",
            "amf",
            "chunk",
            "handshake",
            "message",
            "command",
            "monitor",
            "live",
            "vod",
            "record",
            "session"));
  }

  private static JavaClasses engine;

  @BeforeAll
  static void importMainClasses() {
    engine =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.rtmpt.(**)").should().beFreeOfCycles().check(engine);
  }

  @Test
  void eachPackageUsesOnlyTheLayersBelowIt() {
    ALLOWED.forEach(
        (pkg, allowed) ->
            noClasses()
                .that()
                .resideInAPackage(name(pkg))
                .should()
                .dependOnClassesThat(oursOutside(pkg, allowed))
                .because(label(pkg) + " may use only " + allowed + " of ours")
                .check(engine));
  }

  @Test
  void onlyTheServerPackageUsesNetty() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty..")
        .check(engine);
  }

  @Test
  void everyPackageIsClassified() {
    for (JavaClass c : engine) {
      String pkg = c.getPackageName();
      String relative = pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1).split("\\.")[0];
      if (!relative.equals("server") && !ALLOWED.containsKey(relative)) {
        throw new AssertionError(
            "package " + pkg + " has no place in ArchitectureTest's layers: add it there");
      }
    }
  }

  private static DescribedPredicate<JavaClass> oursOutside(String pkg, List<String> allowed) {
    return DescribedPredicate.describe(
        "are ours outside " + label(pkg) + " and " + allowed,
        c -> {
          String other = c.getPackageName();
          if (!other.startsWith("io.rtmpt.") || other.equals(name(pkg))) {
            return false;
          }
          if (pkg.isEmpty() && other.equals(ROOT)) {
            return false;
          }
          for (String a : allowed) {
            if (other.equals(name(a)) || other.startsWith(name(a) + ".")) {
              return false;
            }
          }
          return !(!pkg.isEmpty() && other.startsWith(name(pkg) + "."));
        });
  }

  private static String name(String relative) {
    return relative.isEmpty() ? ROOT : ROOT + "." + relative;
  }

  private static String label(String relative) {
    return relative.isEmpty() ? "the root package" : relative;
  }
}
