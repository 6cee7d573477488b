package io.rtmpt.webapp.config;

import io.rtmpt.engine.EngineConfig;
import java.time.Duration;

/**
 * What the web application builds at startup besides the tunnel layer: the bridge, the native RTMP
 * listener and the engine's limits. Read from {@link Settings} (context parameter, then environment
 * variable, then system property, then the default below).
 *
 * @param bridge where tunnels lead ({@code rtmpt.bridge}: engine or backend)
 * @param backend the backend RTMP server ({@code rtmpt.backend}, host:port)
 * @param backendConnectTimeout connect timeout to the backend
 * @param backendBufferBytes backend bytes buffered per tunnel before the backend is no longer read
 * @param rtmpHost bind address of the native RTMP listener
 * @param rtmpPort port of the native RTMP listener; 0 = no listener
 * @param engine the in-process engine's limits, its media directories and its recording ({@link
 *     MediaSettings})
 */
public record WebappConfig(
    Bridge bridge,
    HostPort backend,
    Duration backendConnectTimeout,
    int backendBufferBytes,
    String rtmpHost,
    int rtmpPort,
    EngineConfig engine) {

  public static final String BRIDGE = "rtmpt.bridge";
  public static final String BACKEND = "rtmpt.backend";
  public static final String BACKEND_CONNECT_TIMEOUT = "rtmpt.backend-connect-timeout-ms";
  public static final String BACKEND_BUFFER_BYTES = "rtmpt.backend-buffer-bytes";
  public static final String RTMP_HOST = "rtmpt.rtmp-host";
  public static final String RTMP_PORT = "rtmpt.rtmp-port";
  public static final String MAX_CONNECTIONS = "rtmpt.engine.max-connections";
  public static final String MAX_MESSAGE_BYTES = "rtmpt.engine.max-message-bytes";
  public static final String PLAYER_QUEUE_BYTES = "rtmpt.engine.player-queue-bytes";
  public static final String GOP_CACHE_BYTES = "rtmpt.engine.gop-cache-bytes";
  public static final String CHUNK_SIZE = "rtmpt.engine.chunk-size";
  public static final String IDLE_TIMEOUT = "rtmpt.engine.idle-timeout-ms";
  public static final String HANDSHAKE_TIMEOUT = "rtmpt.engine.handshake-timeout-ms";

  public static final Bridge DEFAULT_BRIDGE = Bridge.ENGINE;
  public static final HostPort DEFAULT_BACKEND = new HostPort("127.0.0.1", 1935);
  public static final Duration DEFAULT_BACKEND_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** 1 MiB: about 1 s of a 8 Mbit/s stream waiting for the client's next poll. */
  public static final int DEFAULT_BACKEND_BUFFER_BYTES = 1024 * 1024;

  public static final String DEFAULT_RTMP_HOST = "0.0.0.0";

  /** Off inside a container: port 1935 is opened only when asked for (the executable WAR does). */
  public static final int DEFAULT_RTMP_PORT = 0;

  public static WebappConfig from(Settings settings) {
    EngineConfig defaults = EngineConfig.defaults();
    EngineConfig engine =
        EngineConfig.builder()
            .maxConnections(
                settings.getInt(MAX_CONNECTIONS, defaults.maxConnections(), 1, 1_000_000))
            .maxMessageSize(
                settings.getInt(
                    MAX_MESSAGE_BYTES, defaults.maxMessageSize(), 1024, 16 * 1024 * 1024 - 1))
            .maxPlayerQueueBytes(
                settings.getInt(
                    PLAYER_QUEUE_BYTES,
                    defaults.maxPlayerQueueBytes(),
                    64 * 1024,
                    Integer.MAX_VALUE))
            .maxGopBytes(
                settings.getInt(GOP_CACHE_BYTES, defaults.maxGopBytes(), 0, Integer.MAX_VALUE))
            .outChunkSize(settings.getInt(CHUNK_SIZE, defaults.outChunkSize(), 128, 0xFFFFFF))
            .idleTimeout(settings.getDuration(IDLE_TIMEOUT, defaults.idleTimeout()))
            .handshakeTimeout(settings.getDuration(HANDSHAKE_TIMEOUT, defaults.handshakeTimeout()))
            .vodDirectories(MediaSettings.vodDirectories(settings))
            .recording(MediaSettings.recording(settings))
            .build();
    return new WebappConfig(
        settings.getEnum(BRIDGE, Bridge.class, DEFAULT_BRIDGE),
        settings.getHostPort(BACKEND, DEFAULT_BACKEND),
        settings.getDuration(BACKEND_CONNECT_TIMEOUT, DEFAULT_BACKEND_CONNECT_TIMEOUT),
        settings.getInt(
            BACKEND_BUFFER_BYTES, DEFAULT_BACKEND_BUFFER_BYTES, 64 * 1024, Integer.MAX_VALUE),
        settings.getString(RTMP_HOST, DEFAULT_RTMP_HOST),
        settings.getInt(RTMP_PORT, DEFAULT_RTMP_PORT, 0, 65535),
        engine);
  }
}
