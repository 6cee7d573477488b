/** The Netty TCP transport: the RTMP (and RTMPS) listener. */
package io.rtmpt.engine.server;
