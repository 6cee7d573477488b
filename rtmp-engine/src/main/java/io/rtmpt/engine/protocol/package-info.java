/**
 * The wire-violation exception every protocol layer throws. It depends on nothing else of ours, so
 * the codecs ({@code amf}, {@code chunk}, {@code handshake}) stand alone.
 */
package io.rtmpt.engine.protocol;
