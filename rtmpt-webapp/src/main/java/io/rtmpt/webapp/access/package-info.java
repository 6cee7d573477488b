/**
 * Access control: who may connect, publish and play, per application. Signed stream URLs ({@link
 * io.rtmpt.webapp.access.StreamTokens}), nginx-rtmp style HTTP callbacks ({@link
 * io.rtmpt.webapp.access.CallbackClient}, {@link io.rtmpt.webapp.access.NotifyForm}) and address
 * rules ({@link io.rtmpt.webapp.access.AddressRules}) make up an {@link
 * io.rtmpt.webapp.access.AppPolicy}; the {@link io.rtmpt.webapp.access.AccessGate} applies them as
 * the engine's {@code StreamGate}, so that they hold over every transport.
 */
package io.rtmpt.webapp.access;
