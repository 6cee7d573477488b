/** The sans-IO server session: bytes in, commands acted on, bytes out. */
package io.rtmpt.engine.session;
