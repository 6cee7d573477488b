/**
 * The RTMP handshake (C0 C1 C2 / S0 S1 S2) as a sans-IO state machine: {@link
 * io.rtmpt.engine.handshake.ServerHandshake}, and the plain client side a gateway needs towards a
 * backend, {@link io.rtmpt.engine.handshake.PlainClientHandshake}. (The full client counterparts,
 * {@code ClientHandshake} with digests and {@code RtmpeTestClient}, serve only test clients and
 * benchmarks, so they live in the test sources of this package and ship in the test-jar, not in the
 * engine jar.) Bytes go in through {@code process(ByteBuffer)}; the bytes to send come back in a
 * {@link io.rtmpt.engine.handshake.HandshakeResult}; bytes after the peer's last handshake packet
 * stay in the caller's buffer for the chunk decoder.
 *
 * <p>Variants ({@link io.rtmpt.engine.handshake.HandshakeType}, accepted per {@link
 * io.rtmpt.engine.handshake.HandshakePolicy}): plain, with or without the Flash Player 9
 * HMAC-SHA256 digests ({@link io.rtmpt.engine.handshake.HandshakeDigest}); RTMPE (C0 = 6) with a
 * Diffie-Hellman exchange ({@link io.rtmpt.engine.handshake.DiffieHellman}) whose result are the
 * RC4 keys of {@code io.rtmpt.engine.crypto}; RTMPE types 8 and 9, which also encrypt the C2/S2
 * signatures ({@link io.rtmpt.engine.handshake.SignatureCipher}).
 */
package io.rtmpt.engine.handshake;
