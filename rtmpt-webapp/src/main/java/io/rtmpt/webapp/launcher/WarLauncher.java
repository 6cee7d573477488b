package io.rtmpt.webapp.launcher;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The WAR's {@code Main-Class}: {@code java -jar rtmpt-bridge.war} lands here. It sits at the root
 * of the WAR (outside WEB-INF, so no container ever loads it as part of the application), copies
 * the embedded Jetty jars from {@code WEB-INF/jetty/} into a temporary directory, and starts {@code
 * io.rtmpt.webapp.embedded.EmbeddedServer} from them, which deploys this same WAR. The containers
 * ignore {@code WEB-INF/jetty/}: only {@code WEB-INF/lib} is the application's. Of {@code
 * WEB-INF/lib} the embedded server takes a copy of the engine and BouncyCastle too (it reads the
 * HTTPS certificate, PEM files included, as the RTMPS listener does); the application keeps its own
 * copies in its own class loader.
 *
 * <p>Only the JDK is used here: nothing else is on the class path yet.
 */
public final class WarLauncher {
  private static final String JETTY_DIR = "WEB-INF/jetty/";
  private static final String MAIN = "io.rtmpt.webapp.embedded.EmbeddedServer";
  private static final String LOG_MANAGER = "java.util.logging.manager";

  /** The jars of {@code WEB-INF/lib} the embedded server uses itself, by name prefix. */
  private static final List<String> SHARED_LIBS =
      List.of(
          "WEB-INF/lib/rtmp-engine-",
          "WEB-INF/lib/bcprov-",
          "WEB-INF/lib/bcpkix-",
          "WEB-INF/lib/bcutil-");

  private WarLauncher() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty(LOG_MANAGER) == null) {
      // Before anything touches java.util.logging: see ShutdownLogManager.
      System.setProperty(LOG_MANAGER, ShutdownLogManager.class.getName());
    }
    Path war = ownWar();
    Path libs = Files.createTempDirectory("rtmpt-bridge-jetty-");
    // Deleted after every shutdown hook has run (deleteOnExit: the last registered goes first), not
    // in a hook of its own: the server's hook drains and stops Jetty, which may still load classes
    // from these jars meanwhile.
    libs.toFile().deleteOnExit();
    List<URL> urls = new ArrayList<>();
    try (JarFile jar = new JarFile(war.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.endsWith(".jar") && !entry.isDirectory() && embedded(name)) {
          Path target = libs.resolve(name.substring(name.lastIndexOf('/') + 1));
          try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
          target.toFile().deleteOnExit();
          urls.add(target.toUri().toURL());
        }
      }
    }
    if (urls.isEmpty()) {
      System.err.println(
          "rtmpt-bridge: " + war + " has no " + JETTY_DIR + " (not the executable WAR?)");
      System.exit(2);
    }
    System.setProperty("rtmpt.war", war.toString());
    URLClassLoader loader =
        new URLClassLoader(
            "rtmpt-embedded", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    Method main = loader.loadClass(MAIN).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  private static boolean embedded(String entry) {
    if (entry.startsWith(JETTY_DIR)) {
      return true;
    }
    for (String prefix : SHARED_LIBS) {
      if (entry.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static Path ownWar() throws URISyntaxException {
    URL location = WarLauncher.class.getProtectionDomain().getCodeSource().getLocation();
    return Path.of(location.toURI());
  }
}
