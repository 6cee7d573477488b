package io.rtmpt.webapp.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.OptionalInt;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Tomcat's connectors as JMX shows them, registered in a private MBean server. */
class KeepAliveLimitsTest {
  /**
   * A protocol handler as Tomcat registers it: a model MBean whose attributes are its getters'
   * names with a lower-case first letter ({@code maxKeepAliveRequests}); an AJP handler has none.
   */
  static final class ProtocolHandler implements DynamicMBean {
    private final Integer limit;

    ProtocolHandler(Integer limit) {
      this.limit = limit;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
      if (limit == null || !attribute.equals("maxKeepAliveRequests")) {
        throw new AttributeNotFoundException(attribute);
      }
      return limit;
    }

    @Override
    public void setAttribute(Attribute attribute) {
      throw new UnsupportedOperationException();
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
      return new AttributeList();
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
      return new AttributeList();
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      MBeanAttributeInfo[] attributes =
          limit == null
              ? new MBeanAttributeInfo[0]
              : new MBeanAttributeInfo[] {
                new MBeanAttributeInfo(
                    "maxKeepAliveRequests", "int", "requests per connection", true, false, false)
              };
      return new MBeanInfo(
          ProtocolHandler.class.getName(), "protocol handler", attributes, null, null, null);
    }
  }

  @Test
  void reportsConnectorsWithALimitAndIgnoresUnlimitedAndAjpOnes() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    server.registerMBean(
        new ProtocolHandler(100), new ObjectName("Catalina:type=ProtocolHandler,port=8080"));
    server.registerMBean(
        new ProtocolHandler(-1), new ObjectName("Catalina:type=ProtocolHandler,port=8443"));
    server.registerMBean(
        new ProtocolHandler(1),
        new ObjectName("Catalina:type=ProtocolHandler,port=9090,address=\"127.0.0.1\""));
    server.registerMBean(
        new ProtocolHandler(null), new ObjectName("Catalina:type=ProtocolHandler,port=8009"));
    assertEquals(Map.of("8080", 100, "9090", 1), new KeepAliveLimits(server).limited());
  }

  @Test
  void looksUpOneConnectorByItsPort() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    server.registerMBean(
        new ProtocolHandler(100), new ObjectName("Catalina:type=ProtocolHandler,port=8080"));
    KeepAliveLimits limits = new KeepAliveLimits(server);

    assertEquals(OptionalInt.of(100), limits.forPort(8080, 0));
    assertEquals(OptionalInt.empty(), limits.forPort(8443, 0));
  }

  @Test
  void findsNothingOutsideTomcat() {
    assertEquals(Map.of(), new KeepAliveLimits(MBeanServerFactory.newMBeanServer()).limited());
  }
}
