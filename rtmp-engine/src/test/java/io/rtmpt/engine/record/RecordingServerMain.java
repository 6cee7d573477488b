package io.rtmpt.engine.record;

import io.rtmpt.engine.EngineConfig;
import io.rtmpt.engine.RtmpEngine;
import io.rtmpt.engine.server.RtmpServer;
import java.nio.file.Path;
import java.util.Set;

/**
 * A recording RTMP server in a JVM of its own, for {@link RecordingKillTest} to kill: records every
 * publish of application {@code live} into the directory given as the argument, listens on
 * 127.0.0.1 on a free port and prints {@code PORT n} once it listens. Runs until killed.
 */
public final class RecordingServerMain {
  private RecordingServerMain() {}

  public static void main(String[] args) throws Exception {
    RecordingConfig recording =
        RecordingConfig.in(Path.of(args[0]), Set.of("live")).withMinFreeBytes(0);
    RtmpEngine engine = new RtmpEngine(EngineConfig.builder().recording(recording).build());
    RtmpServer server = new RtmpServer(engine, "127.0.0.1", 0).start();
    System.out.println("PORT " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
