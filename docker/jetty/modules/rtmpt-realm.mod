# rtmpt-bridge for a Jetty 12 base: the realm the WAR's console, API and metrics log in with.
# Copy into $JETTY_BASE/modules/ and enable with --add-modules=...,rtmpt-realm (README.md,
# "Deploying in Jetty 12"). StandaloneJettyIT builds its Jetty base from these very files.

[description]
The login service (realm) "rtmpt-bridge" that the rtmpt-bridge WAR's BASIC <login-config> names:
a HashLoginService reading users from etc/rtmpt-realm.properties. Jetty does not start the
application without it.

[tags]
rtmpt-bridge
security

[depend]
security

[xml]
etc/rtmpt-realm.xml
