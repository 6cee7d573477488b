/**
 * The RTMP handshake (C0 C1 C2 / S0 S1 S2), plain and with the Flash Player 9 HMAC-SHA256 digests,
 * as a sans-IO state machine: {@link io.rtmpt.engine.handshake.ServerHandshake}. (Its client
 * counterpart, {@code ClientHandshake}, serves only test clients and benchmarks, so it lives in the
 * test sources of this package and ships in the test-jar, not in the engine jar.) Bytes go in
 * through {@code process(ByteBuffer)}; the bytes to send come back in a {@link
 * io.rtmpt.engine.handshake.HandshakeResult}; bytes after the peer's last handshake packet stay in
 * the caller's buffer for the chunk decoder. RTMPE (C0 = 6, 8 or 9) is refused.
 */
package io.rtmpt.engine.handshake;
