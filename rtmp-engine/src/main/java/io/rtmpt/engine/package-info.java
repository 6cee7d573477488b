/** The RTMP engine's composition root, configuration and events. */
package io.rtmpt.engine;
