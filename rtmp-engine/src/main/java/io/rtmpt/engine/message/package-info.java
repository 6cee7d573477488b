/** Typed RTMP messages, one record per message type, and their codec. */
package io.rtmpt.engine.message;
