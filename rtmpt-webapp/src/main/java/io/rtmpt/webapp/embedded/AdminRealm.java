package io.rtmpt.webapp.embedded;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.security.AbstractLoginService;
import org.eclipse.jetty.security.RolePrincipal;
import org.eclipse.jetty.security.UserPrincipal;
import org.eclipse.jetty.util.security.Credential;

/**
 * The executable WAR's realm: one user, {@value AdminPassword#USER}, in role {@value #ROLE}, whose
 * password is checked against {@link AdminPassword}'s hash. Its name matches the {@code realm-name}
 * of web.xml's login-config.
 */
final class AdminRealm extends AbstractLoginService {
  static final String NAME = "rtmpt-bridge";
  static final String ROLE = "rtmpt-admin";

  private final UserPrincipal admin;

  AdminRealm(AdminPassword password) {
    setName(NAME);
    this.admin = new UserPrincipal(AdminPassword.USER, new HashCredential(password));
  }

  @Override
  protected UserPrincipal loadUserInfo(String username) {
    return AdminPassword.USER.equals(username) ? admin : null;
  }

  @Override
  protected List<RolePrincipal> loadRoleInfo(UserPrincipal user) {
    return List.of(new RolePrincipal(ROLE));
  }

  /**
   * Checks a password against the PBKDF2 hash. Browsers send Basic credentials with every request,
   * and a PBKDF2 check costs tens of milliseconds by design, so the SHA-256 of the last password
   * that matched is remembered (in memory only) and compared first.
   */
  static final class HashCredential extends Credential {
    private final transient AdminPassword password;
    private final transient AtomicReference<byte[]> lastMatch = new AtomicReference<>();

    HashCredential(AdminPassword password) {
      this.password = password;
    }

    @Override
    public boolean check(Object credentials) {
      char[] given;
      if (credentials instanceof char[] chars) {
        given = chars;
      } else if (credentials instanceof String s) {
        given = s.toCharArray();
      } else {
        return false;
      }
      byte[] digest = sha256(given);
      byte[] remembered = lastMatch.get();
      if (remembered != null && MessageDigest.isEqual(remembered, digest)) {
        return true;
      }
      if (password.matches(given)) {
        lastMatch.set(digest);
        return true;
      }
      return false;
    }

    private static byte[] sha256(char[] chars) {
      try {
        return MessageDigest.getInstance("SHA-256")
            .digest(new String(chars).getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }
  }
}
