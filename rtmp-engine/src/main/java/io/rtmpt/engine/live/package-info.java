/** Live fan-out: one publisher, many players, late-joiner caches. Independent of the protocol. */
package io.rtmpt.engine.live;
