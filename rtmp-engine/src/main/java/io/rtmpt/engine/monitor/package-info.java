/** Counters and rates shared by the engine and its transports. */
package io.rtmpt.engine.monitor;
