/**
 * The RTMPE stream cipher as a sans-IO transform between transport bytes and the chunk codec:
 * {@link io.rtmpt.engine.crypto.RtmpeKeys} (RC4 keys derived from the Diffie-Hellman secret of the
 * handshake) and {@link io.rtmpt.engine.crypto.TransportCipher} (RC4 both ways, in place). Depends
 * on the JDK only.
 */
package io.rtmpt.engine.crypto;
