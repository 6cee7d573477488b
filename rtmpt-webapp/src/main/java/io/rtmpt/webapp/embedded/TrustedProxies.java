package io.rtmpt.webapp.embedded;

import io.rtmpt.webapp.access.CidrRange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * {@code --trusted-proxy}: the client address (and scheme) of a request comes from {@code
 * X-Forwarded-For} (and {@code X-Forwarded-Proto}, {@code Forwarded}) only when the request comes
 * from one of the trusted proxies; from anyone else these headers are ignored, so that a client
 * cannot pick its own address (and with it the per-address limits and address rules).
 *
 * <p>Jetty's {@link ForwardedRequestCustomizer} does the work for trusted connections, after one
 * correction: it takes the left-most {@code X-Forwarded-For} entry, which a client writes itself
 * when the proxy appends to the header (nginx's {@code $proxy_add_x_forwarded_for}, HAProxy's
 * {@code option forwardfor} behind another proxy). So the header is first reduced to the right-most
 * entry that is not itself a trusted proxy, the rule of Tomcat's {@code RemoteIpValve}.
 */
final class TrustedProxies implements HttpConfiguration.Customizer {
  private final List<CidrRange> proxies;
  private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

  TrustedProxies(List<CidrRange> proxies) {
    this.proxies = List.copyOf(proxies);
    if (this.proxies.isEmpty()) {
      throw new IllegalArgumentException("no trusted proxy");
    }
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    if (!(remote instanceof InetSocketAddress inet) || !trusted(inet.getAddress())) {
      return request;
    }
    HttpFields headers = request.getHeaders();
    String client = client(headers.getValuesList(HttpHeader.X_FORWARDED_FOR));
    Request corrected = request;
    if (client != null) {
      HttpFields.Mutable fields = HttpFields.build(headers);
      fields.put(HttpHeader.X_FORWARDED_FOR, client);
      HttpFields immutable = fields.asImmutable();
      corrected =
          new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
              return immutable;
            }
          };
    }
    Request customized = forwarded.customize(corrected, responseHeaders);
    return customized == null ? corrected : customized;
  }

  /**
   * The right-most address in the {@code X-Forwarded-For} values that is not a trusted proxy, or
   * the left-most when all are; null without the header.
   */
  String client(List<String> values) {
    List<String> hops =
        values.stream()
            .flatMap(v -> Arrays.stream(v.split(",")))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    if (hops.isEmpty()) {
      return null;
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress address = address(hops.get(i));
      if (address == null || !trusted(address)) {
        return hops.get(i);
      }
    }
    return hops.get(0);
  }

  private boolean trusted(InetAddress address) {
    for (CidrRange proxy : proxies) {
      if (proxy.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static InetAddress address(String text) {
    try {
      return CidrRange.address(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "TrustedProxies" + Objects.toString(proxies);
  }
}
