package io.rtmpt.engine.amf;

import static io.rtmpt.engine.amf.AmfClassLoadingMain.CANARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.CommandMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.testing.ExternalProcess;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An AMF payload that names a Java class (typed objects, externalizable traits; issue 10) never
 * gets that class loaded or instantiated: typed objects decode to plain {@link AmfObject}s whose
 * class name is only a string, externalizable objects are refused naming the class. Proved three
 * ways: the canary's own initialiser never runs, no class loader is asked for it, and a child JVM
 * logging every class it loads ({@code -Xlog:class+load}) never lists it, while the same JVM told
 * to load it on purpose does.
 */
class AmfClassLoadingTest {
  private static final Path LOGS = Path.of("target", "interop", "AmfClassLoadingTest");

  /**
   * A class-load log line for the canary: "[info][class,load] io.rtmpt...AmfCanary source: ...".
   */
  private static final Pattern CANARY_LOADED =
      Pattern.compile("\\[class,load\\][^\\n]*" + Pattern.quote(CANARY) + " source");

  @Test
  void typedObjectsDecodeToPlainDataAndExternalizableObjectsAreRefused() throws Exception {
    Map<String, byte[]> payloads = AmfClassLoadingMain.payloads();

    AmfObject amf0 = single(new Amf0Reader(ByteBuffer.wrap(payloads.get("amf0 typed"))).readAll());
    assertEquals(CANARY, amf0.className());
    assertEquals(Map.of("x", 1.0), Map.copyOf(amf0));
    AmfObject viaSwitch =
        single(new Amf0Reader(ByteBuffer.wrap(payloads.get("amf0 avm+ sealed"))).readAll());
    assertEquals(AmfObject.typed(CANARY, "x", 1), viaSwitch);
    assertEquals(
        AmfObject.typed(CANARY, "y", 2),
        single(new Amf3Reader(ByteBuffer.wrap(payloads.get("amf3 dynamic"))).readAll()));

    Map<String, String> results = AmfClassLoadingMain.decodeAll();
    String refusal = "refused: externalizable class " + CANARY + " is not supported";
    assertEquals(refusal, results.get("amf3 externalizable"));
    assertEquals(refusal, results.get("amf0 avm+ externalizable"));

    CommandMessage command =
        (CommandMessage)
            MessageCodec.decode(new RawMessage(3, 20, 1, 0, payloads.get("command amf0")));
    assertEquals("publish", command.name());
    assertEquals(AmfObject.typed(CANARY, "x", 1.0), command.argument(0));
    CommandMessage amf3 =
        (CommandMessage)
            MessageCodec.decode(new RawMessage(3, 17, 1, 0, payloads.get("command amf3")));
    assertEquals(AmfObject.typed(CANARY, "y", 2), amf3.argument(0));
  }

  @Test
  void noClassLoaderIsAskedForTheNamedClassAndItsInitialiserNeverRuns() throws Exception {
    RecordingLoader recording = new RecordingLoader(getClass().getClassLoader());
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(recording);
    Map<String, String> results;
    try {
      results = AmfClassLoadingMain.decodeAll();
    } finally {
      thread.setContextClassLoader(before);
    }
    assertEquals(AmfClassLoadingMain.payloads().keySet(), results.keySet());
    assertEquals(List.of(), recording.requested, "classes asked of the context class loader");
    assertNull(System.getProperty("io.rtmpt.engine.amf.canary"), "the canary was initialised");
  }

  @Test
  void aJvmLoggingEveryClassItLoadsNeverLoadsTheNamedClass() throws Exception {
    String decoded = runChild("decode");
    assertTrue(
        decoded.contains("[class,load] " + Amf0Reader.class.getName() + " source"),
        "the child logs class loading:\n" + decoded);
    assertTrue(decoded.contains("command amf3 -> "), decoded);
    assertTrue(!CANARY_LOADED.matcher(decoded).find(), "the canary was loaded:\n" + decoded);
    assertTrue(!decoded.contains("AMF CANARY"), decoded);

    String control = runChild("control");
    assertTrue(CANARY_LOADED.matcher(control).find(), "the log shows a class loaded on purpose");
    assertTrue(control.contains("AMF CANARY INSTANTIATED"), control);
  }

  private static String runChild(String mode) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xlog:class+load=info",
            "-cp",
            System.getProperty("java.class.path"),
            AmfClassLoadingMain.class.getName(),
            mode);
    try (ExternalProcess child = ExternalProcess.start("child-" + mode, LOGS, command)) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.tail());
      return child.stdout();
    }
  }

  private static AmfObject single(List<Object> values) {
    assertEquals(1, values.size(), values.toString());
    return assertInstanceOf(AmfObject.class, values.get(0));
  }

  /** Delegates to its parent and records every name it is asked to load. */
  private static final class RecordingLoader extends ClassLoader {
    final List<String> requested = Collections.synchronizedList(new ArrayList<>());

    RecordingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }
  }
}
