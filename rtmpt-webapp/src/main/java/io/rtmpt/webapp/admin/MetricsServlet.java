package io.rtmpt.webapp.admin;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: the registry in the format the scraper asks for (Prometheus text, or
 * OpenMetrics when its Accept header says so), written by the Prometheus client's own writers.
 * Registered by {@link AdminConsole}, which also decides whether it needs authentication.
 */
final class MetricsServlet extends HttpServlet {
  private final transient PrometheusRegistry registry;
  private final transient ExpositionFormats formats = ExpositionFormats.init();

  MetricsServlet(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(request.getHeader("Accept"));
    if (!writer.isAvailable()) { // protobuf asked for, but its library is not here
      writer = formats.getPrometheusTextFormatWriter();
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    writer.write(body, registry.scrape());
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(writer.getContentType());
    response.setContentLength(body.size());
    if (!"HEAD".equals(request.getMethod())) {
      body.writeTo(response.getOutputStream());
    }
  }
}
