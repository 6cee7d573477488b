/** Logging helpers: repeated lines condensed to one line with a count per interval. */
package io.rtmpt.webapp.log;
