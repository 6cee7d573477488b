package io.rtmpt.webapp.testing;

import java.util.List;

/**
 * The repository's deployment files (under {@code docker/}) that the integration tests run, by the
 * path relative to the repository root. The images and the compose file may copy or mount only
 * these (and the WAR): {@code DockerFilesIT} parses them and fails on any other file, and on any
 * constant here that no integration test uses.
 */
public final class DeploymentFiles {
  /** Tomcat's server.xml: TomcatDeployIT (HTTP and HTTPS connectors). */
  public static final String TOMCAT_SERVER_XML = "docker/tomcat/server.xml";

  /** The Jetty base files (modules/, etc/, start.d/): StandaloneJettyIT copies the directory. */
  public static final String JETTY_BASE = "docker/jetty";

  /** The images' HEALTHCHECK: TomcatDeployIT and ExecutableWarIT run it. */
  public static final String HEALTHCHECK = "docker/healthcheck.sh";

  /** The executable WAR's image, whose ENV lines ExecutableWarIT starts the WAR with. */
  public static final String EXECUTABLE_DOCKERFILE = "docker/Dockerfile.executable";

  /** The Tomcat image, whose ENV lines TomcatDeployIT starts Tomcat with. */
  public static final String TOMCAT_DOCKERFILE = "docker/Dockerfile.tomcat";

  /** The Jetty image, whose ENV lines StandaloneJettyIT starts Jetty with. */
  public static final String JETTY_DOCKERFILE = "docker/Dockerfile.jetty";

  /** The compose file, whose gateway services' environment ScaleOutIT starts its nodes with. */
  public static final String COMPOSE = "docker/docker-compose.yml";

  /** HAProxy in front of the gateway nodes: ScaleOutIT. */
  public static final String HAPROXY_CFG = "docker/haproxy/haproxy.cfg";

  /** nginx as the load balancer instead of HAProxy: ScaleOutIT. */
  public static final String NGINX_BALANCER_CONF = "docker/nginx/nginx.conf";

  /** The nginx-rtmp origin behind the gateways in backend mode: ScaleOutIT. */
  public static final String NGINX_RTMP_CONF = "docker/nginx-rtmp/nginx.conf";

  /** Every file or directory above. */
  public static final List<String> TESTED =
      List.of(
          TOMCAT_SERVER_XML,
          JETTY_BASE,
          HEALTHCHECK,
          EXECUTABLE_DOCKERFILE,
          TOMCAT_DOCKERFILE,
          JETTY_DOCKERFILE,
          COMPOSE,
          HAPROXY_CFG,
          NGINX_BALANCER_CONF,
          NGINX_RTMP_CONF);

  private DeploymentFiles() {}
}
