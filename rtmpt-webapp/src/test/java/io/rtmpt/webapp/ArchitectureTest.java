package io.rtmpt.webapp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.rtmpt.webapp.tunnel.RtmptServlet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web application's package graph, checked on its compiled main classes (issue #8): no package
 * cycle, and the tunnel moves bytes only: it never sees RTMP code, so it serves the in-process
 * engine and a TCP backend alike. The engine's own layers are checked by the engine's
 * ArchitectureTest.
 */
class ArchitectureTest {
  private static JavaClasses webapp;

  @BeforeAll
  static void importMainClasses() {
    webapp =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rtmpt.webapp");
  }

  @Test
  void theRulesSeeTheWholeApplication() {
    // every rule below passes vacuously on no classes: make sure the import found them
    assertTrue(webapp.contain(RtmptServlet.class), "the tunnel's servlet was imported");
    assertTrue(webapp.contain(Gateway.class), "the gateway was imported");
    assertTrue(webapp.size() > 100, webapp.size() + " classes imported");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.rtmpt.(**)").should().beFreeOfCycles().check(webapp);
  }

  @Test
  void theTunnelNeverImportsRtmpCode() {
    noClasses()
        .that()
        .resideInAPackage("io.rtmpt.webapp.tunnel..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.rtmpt.engine..", "io.rtmpt.webapp.bridge..", "io.netty..")
        .check(webapp);
  }

  @Test
  void configurationKnowsNoServletOrTunnelCode() {
    noClasses()
        .that()
        .resideInAPackage("io.rtmpt.webapp.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.rtmpt.webapp.tunnel..",
            "io.rtmpt.webapp.bridge..",
            "io.rtmpt.webapp.admin..",
            "io.rtmpt.engine.session..")
        .check(webapp);
  }

  @Test
  void theExecutablesServerUsesOnlyTheAccessClassesItsJarCarries() {
    // The executable's server runs from WEB-INF/jetty/, whose jar (pom.xml, "embedded-jar") holds
    // the embedded package and these JDK-only access classes, with the engine's jar beside it
    // (WarLauncher copies it from WEB-INF/lib); anything else of ours would be missing at run time.
    noClasses()
        .that()
        .resideInAPackage("io.rtmpt.webapp.embedded..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "classes of ours outside the embedded jar",
                (JavaClass c) ->
                    c.getPackageName().startsWith("io.rtmpt")
                        && !c.getPackageName().startsWith("io.rtmpt.webapp.embedded")
                        && !c.getPackageName().startsWith("io.rtmpt.engine")
                        && !List.of(
                                "io.rtmpt.webapp.access.StreamTokens",
                                "io.rtmpt.webapp.access.StreamTokens$Check",
                                "io.rtmpt.webapp.access.QueryString",
                                "io.rtmpt.webapp.access.CidrRange",
                                "io.rtmpt.webapp.access.AddressRules")
                            .contains(c.getName())))
        .check(webapp);
  }

  @Test
  void onlyTheConsoleEndpointTouchesTheWebSocketApi() {
    // The application must deploy where the container has no WebSocket support (Jetty without
    // ee10-websocket-jakarta): a class that links jakarta.websocket and is loaded anyway fails the
    // deployment with NoClassDefFoundError. ConsoleEndpoint is loaded only when there is one.
    noClasses()
        .that()
        .haveNameNotMatching("io\\.rtmpt\\.webapp\\.admin\\.ConsoleEndpoint(\\$.*)?")
        .and()
        .resideOutsideOfPackage("io.rtmpt.webapp.embedded..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta.websocket..")
        .check(webapp);
  }

  @Test
  void theLauncherUsesOnlyTheJdk() {
    // It runs from the WAR's root before any library is on the class path.
    noClasses()
        .that()
        .resideInAPackage("io.rtmpt.webapp.launcher..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("java..", "io.rtmpt.webapp.launcher..")
        .check(webapp);
  }
}
