/**
 * NetConnection and NetStream commands as records read from {@code CommandMessage}s, the reply
 * builders and the status codes clients expect. No state: the session acts on them.
 */
package io.rtmpt.engine.command;
