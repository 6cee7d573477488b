package io.rtmpt.webapp.testing;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A TLS client that trusts anything and tells which certificate a server presents. */
public final class TlsProbe {
  private TlsProbe() {}

  /** Connects to 127.0.0.1:port, completes the TLS handshake and returns the server's leaf. */
  public static X509Certificate servedCertificate(int port) throws Exception {
    try (SSLSocket socket = connect(port)) {
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** A TLS socket to 127.0.0.1:port trusting any certificate, its handshake done. */
  public static SSLSocket connect(int port) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  /** The serial number as the API shows it: hexadecimal. */
  public static String servedSerial(int port) throws Exception {
    return servedCertificate(port).getSerialNumber().toString(16);
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
