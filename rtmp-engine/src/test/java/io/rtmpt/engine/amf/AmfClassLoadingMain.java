package io.rtmpt.engine.amf;

import io.rtmpt.engine.chunk.RawMessage;
import io.rtmpt.engine.message.MessageCodec;
import io.rtmpt.engine.protocol.RtmpProtocolException;
import io.rtmpt.engine.testing.Hex;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Payloads that name a Java class ({@link #CANARY}, by its name only) in every way AMF can: AMF0
 * typed object, AMF3 sealed and dynamic typed objects behind the AVM+ switch and on their own, an
 * AMF3 externalizable object, and command messages (types 20 and 17) carrying typed objects as the
 * engine receives them. {@link #decodeAll} decodes each one; {@link #main} does so in a child JVM
 * for {@link AmfClassLoadingTest}, printing one line per payload, after loading the canary on
 * purpose when its argument is {@code control}.
 */
public final class AmfClassLoadingMain {
  /** The class the payloads name; a string, so that naming it here loads nothing. */
  static final String CANARY = "io.rtmpt.engine.amf.AmfCanary";

  private AmfClassLoadingMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("control")) {
      Class.forName(CANARY).getDeclaredConstructor().newInstance();
    }
    decodeAll().forEach((name, result) -> System.out.println(name + " -> " + result));
  }

  /** Payload name to what decoding it gave: the value's text, or the exception's message. */
  static Map<String, String> decodeAll() {
    Map<String, String> results = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> p : payloads().entrySet()) {
      String result;
      try {
        result =
            switch (p.getKey()) {
              case "amf3 sealed", "amf3 dynamic", "amf3 externalizable" ->
                  String.valueOf(new Amf3Reader(ByteBuffer.wrap(p.getValue())).readAll());
              case "command amf0", "command amf3" ->
                  String.valueOf(
                      MessageCodec.decode(
                          new RawMessage(
                              3, p.getKey().equals("command amf0") ? 20 : 17, 1, 0, p.getValue())));
              default -> String.valueOf(new Amf0Reader(ByteBuffer.wrap(p.getValue())).readAll());
            };
      } catch (RtmpProtocolException e) {
        result = "refused: " + e.getMessage();
      }
      results.put(p.getKey(), result);
    }
    return results;
  }

  /** The payloads by name. */
  static Map<String, byte[]> payloads() {
    String name = Hex.encode(CANARY.getBytes(StandardCharsets.UTF_8));
    int length = CANARY.length();
    String amf0Typed =
        "10" + String.format("%04x", length) + name + "0001 78 00 3ff0000000000000 0000 09";
    String amf3Name = String.format("%02x", (length << 1) | 1) + name; // U29S, length < 64
    String amf3Sealed = "0a 13" + amf3Name + "03 78 04 01"; // one sealed member x = 1
    String amf3Dynamic = "0a 0b" + amf3Name + "03 79 04 02 01"; // dynamic member y = 2
    String amf3Externalizable = "0a 07" + amf3Name + "04 03"; // body only the class can read
    String publish = "02 0007 7075626c697368 00 4000000000000000 05"; // "publish", 2, null
    Map<String, byte[]> payloads = new LinkedHashMap<>();
    payloads.put("amf0 typed", Hex.decode(amf0Typed));
    payloads.put("amf0 avm+ sealed", Hex.decode("11", amf3Sealed));
    payloads.put("amf3 sealed", Hex.decode(amf3Sealed));
    payloads.put("amf3 dynamic", Hex.decode(amf3Dynamic));
    payloads.put("amf3 externalizable", Hex.decode(amf3Externalizable));
    payloads.put("amf0 avm+ externalizable", Hex.decode("11", amf3Externalizable));
    payloads.put("command amf0", Hex.decode(publish, amf0Typed));
    payloads.put("command amf3", Hex.decode("00", publish, "11", amf3Dynamic));
    return payloads;
  }
}
