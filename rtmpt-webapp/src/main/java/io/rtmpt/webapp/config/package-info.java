/**
 * Settings for the webapp: context init parameters, environment variables and system properties, in
 * that order.
 */
package io.rtmpt.webapp.config;
