/**
 * The WAR's {@code Main-Class}, at the root of the WAR: unpacks the embedded Jetty from {@code
 * WEB-INF/jetty/} and starts {@code io.rtmpt.webapp.embedded}. JDK only: nothing else is on the
 * class path when it runs.
 */
package io.rtmpt.webapp.launcher;
