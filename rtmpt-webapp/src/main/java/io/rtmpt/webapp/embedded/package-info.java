/**
 * The executable WAR's server: embedded Jetty 12 deploying this same WAR, with its own admin realm
 * and command-line options. Packed into {@code WEB-INF/jetty/} (outside the application's class
 * path, so containers never load it) and started by {@code io.rtmpt.webapp.launcher}.
 */
package io.rtmpt.webapp.embedded;
