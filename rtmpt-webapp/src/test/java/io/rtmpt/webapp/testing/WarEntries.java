package io.rtmpt.webapp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Nothing served that should not be (issue 10): every entry of the WAR, and every directory above
 * one, requested without credentials from a deployed application must not come back 200 with
 * content. The console's files answer 401 (they need the realm's user), the rest 404, the
 * executable WAR's launcher classes at the WAR's root included; {@code /} lists nothing.
 */
public final class WarEntries {
  private WarEntries() {}

  /** "/" and the URL path of every entry and directory of {@code war}, sorted. */
  public static List<String> paths(Path war) throws IOException {
    TreeSet<String> paths = new TreeSet<>();
    paths.add("/");
    try (JarFile jar = new JarFile(war.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        paths.add("/" + name);
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
          paths.add("/" + name.substring(0, slash + 1));
        }
      }
    }
    return new ArrayList<>(paths);
  }

  /**
   * Requests every path of {@code war} under {@code base} (e.g. {@code http://127.0.0.1:8080}) with
   * GET and no credentials, and fails listing those answered 200 with a body. Also checks that the
   * launcher class and {@code /} are not found and the console asks for credentials.
   */
  public static void assertNothingServed(String base, Path war) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    List<String> served = new ArrayList<>();
    List<String> paths = paths(war);
    for (String path : paths) {
      HttpResponse<byte[]> response = get(http, base, path);
      if (response.statusCode() == 200 && response.body().length > 0) {
        served.add(path + " (" + response.body().length + " bytes)");
      }
    }
    assertEquals(List.of(), served, "served without credentials, of " + paths.size() + " paths");
    assertEquals(404, get(http, base, "/io/rtmpt/webapp/launcher/WarLauncher.class").statusCode());
    assertEquals(404, get(http, base, "/").statusCode(), "no listing at the root");
    assertEquals(401, get(http, base, "/admin/").statusCode(), "the console needs its user");
    assertTrue(paths.contains("/io/rtmpt/webapp/launcher/WarLauncher.class"), "the WAR walked");
  }

  private static HttpResponse<byte[]> get(HttpClient http, String base, String path)
      throws IOException, InterruptedException {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      segments.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    String uri = base + String.join("/", segments);
    return http.send(
        HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
