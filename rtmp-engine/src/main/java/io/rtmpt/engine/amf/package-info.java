/**
 * AMF0 and AMF3, the Action Message Format codecs of RTMP command and data messages, decoded into
 * plain values.
 *
 * <p>Production needs only reading ({@link io.rtmpt.engine.amf.Amf0Reader}, {@link
 * io.rtmpt.engine.amf.Amf3Reader}), writing ({@link io.rtmpt.engine.amf.Amf0Writer}, {@link
 * io.rtmpt.engine.amf.Amf3Writer}) and {@code toString} for logs: commands are read as plain {@code
 * Map}s and lists. The cycle-safe structural equality of the value types ({@code AmfGraph} behind
 * their {@code equals} and {@code hashCode}) serves the tests, which compare decoded graphs with
 * fixtures.
 */
package io.rtmpt.engine.amf;
