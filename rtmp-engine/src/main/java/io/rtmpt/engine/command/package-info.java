/** NetConnection and NetStream commands as records, and the status codes clients expect. */
package io.rtmpt.engine.command;
